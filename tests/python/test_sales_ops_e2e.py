"""Sales-operations marts (SPEC §9) against an independent computation from the raw
files: speed to lead per lead (fct_lead_responses), first-touch attribution per lead
(fct_leads) and the discount of every deal (fct_opportunities). Plain DuckDB SQL over
the raw `<table>_latest` views and Python arithmetic, written from SPEC §2 and §9
alone; nothing here reads the intermediate models but for the as-of date. The work
list of every rep (fct_rep_work_items) is recomputed from the staged leads, deals and
stage history, the raw emails and meetings, and, for a deal's last contact only, the
activity links of fct_activities (checked on their own in test_activity_linking.py);
renewal and demo-to-win counts from the staged deals and meetings."""

from __future__ import annotations

import datetime
import math

import pytest
from independent import raw_connection

SLA_MINUTES = 60  # dbt var lead_response_sla_minutes, default
TIME_ZERO = datetime.time()

# First responses (SPEC §9): outbound emails and completed meetings linked to the lead.
# Linking (SPEC §2): an email's address names a lead only when no contact has it, and
# then the most recently created lead with it; leads carry no phone number, so no call
# or SMS is ever linked to a lead. Meetings carry their lead id.
RAW_RESPONSES = """
with
leads as (
    select
        trim(lead_id) as lead_id,
        try_cast(trim(created_at) as timestamp) as created_at,
        nullif(lower(trim(email)), '') as email
    from crm_leads_latest
),
contact_emails as (
    select distinct nullif(lower(trim(email)), '') as email
    from crm_contacts_latest
),
lead_by_email as (
    select email, arg_max(lead_id, (coalesce(created_at, timestamp '0001-01-01'),
                                    lead_id)) as lead_id
    from leads
    where email is not null
        and email not in (select email from contact_emails where email is not null)
    group by all
),
touches as (
    select lead_by_email.lead_id, emails.sent_at as touched_at
    from email_messages_latest as emails
    join lead_by_email
        on lead_by_email.email = lower(trim(emails.to_address))
    where lower(trim(emails.direction)) = 'outbound'
    union all
    select trim(lead_id), scheduled_start
    from crm_meetings_latest
    where lower(trim(status)) = 'completed' and lead_id is not null
)
select leads.lead_id, leads.created_at, min(touches.touched_at)
from leads
left join touches
    on touches.lead_id = leads.lead_id
    and touches.touched_at >= leads.created_at
group by all
"""


@pytest.fixture(scope="module")
def raw(demo_warehouse):
    con = raw_connection(demo_warehouse)
    yield con
    con.close()


def test_speed_to_lead_per_lead_matches_raw(demo_warehouse, raw):
    expected = {}
    for lead_id, created_at, first_at in raw.execute(RAW_RESPONSES).fetchall():
        minutes = (
            None
            if first_at is None
            else int((first_at - created_at).total_seconds() // 60)
        )
        within = minutes is not None and minutes <= SLA_MINUTES
        expected[lead_id] = (first_at, minutes, within)
    actual = {
        lead_id: (first_at, minutes, within)
        for lead_id, first_at, minutes, within in demo_warehouse.query("""
            select lead_id, first_response_at, response_minutes, is_within_sla
            from marts.fct_lead_responses
        """)
    }
    responded = [v for v in expected.values() if v[0] is not None]
    assert len(expected) > 1000 and len(responded) > 500
    assert any(v[2] for v in responded) and not all(v[2] for v in responded)
    assert actual == expected


def test_first_touch_utm_per_lead_matches_raw(demo_warehouse, raw):
    expected = {
        lead_id: utm
        for lead_id, *utm in raw.execute("""
            with sessions as (
                select
                    trim(lead_id) as lead_id,
                    nullif(lower(trim(utm_source)), '') as utm_source,
                    nullif(lower(trim(utm_medium)), '') as utm_medium,
                    nullif(lower(trim(utm_campaign)), '') as utm_campaign,
                    row_number() over (
                        partition by trim(lead_id)
                        order by started_at, trim(session_id)
                    ) as session_number
                from web_sessions_latest
                where nullif(trim(lead_id), '') is not null
            )
            select leads.lead_id, sessions.utm_source, sessions.utm_medium,
                   sessions.utm_campaign
            from crm_leads_latest as leads
            left join sessions
                on sessions.lead_id = trim(leads.lead_id)
                and sessions.session_number = 1
        """).fetchall()
    }
    actual = {
        lead_id: utm
        for lead_id, *utm in demo_warehouse.query("""
            select lead_id, first_touch_utm_source, first_touch_utm_medium,
                   first_touch_utm_campaign
            from marts.fct_leads
        """)
    }
    attributed = [utm for utm in expected.values() if utm[0] is not None]
    assert len(attributed) > 500
    assert actual == expected


def test_deal_discount_per_opportunity_matches_raw(demo_warehouse, raw):
    lines: dict[str, list[tuple]] = {}
    for opportunity_id, quantity, unit_price, discount in raw.execute("""
        select trim(opportunity_id), quantity, unit_price, discount_pct
        from crm_opportunity_line_items_latest
    """).fetchall():
        lines.setdefault(opportunity_id, []).append((quantity, unit_price, discount))

    def deal_discount(items: list[tuple]) -> float | None:
        list_value = sum(q * p for q, p, _ in items)
        if not list_value:
            return None
        return float(sum(q * p * (d or 0) for q, p, d in items) / list_value)

    actual = dict(
        demo_warehouse.query(
            "select opportunity_id, discount_pct from marts.fct_opportunities"
        )
    )
    expected = {opp: deal_discount(lines.get(opp, [])) for opp in actual}
    assert sum(value is None for value in expected.values()) > 0
    assert sum((value or 0) > 0 for value in expected.values()) > 100
    differing = [
        (opp, expected[opp], actual[opp])
        for opp in actual
        if (expected[opp] is None) != (actual[opp] is None)
        or (
            expected[opp] is not None
            and not math.isclose(expected[opp], actual[opp], abs_tol=1e-9)
        )
    ]
    assert not differing, differing[:5]


# Work lists (SPEC §9) from the staged records and the raw activity files: written from
# the SPEC and the dbt vars alone, not from fct_rep_work_items or the marts it reads.
STALE_AFTER_DAYS = 30  # dbt var stale_after_days
STUCK_AFTER_DAYS = 60  # dbt var stuck_opportunity_days
TERMINAL_LEAD_STATUSES = {"converted", "disqualified"}  # seeds/lead_statuses.csv

# A lead's touches up to the as-of date (SPEC §3 follow-ups), linked as RAW_RESPONSES
# links them, before or after the lead's creation.
RAW_LEAD_TOUCHES = (
    RAW_RESPONSES.split("select leads.lead_id, leads.created_at")[0]
    + """
select touches.lead_id, min(touches.touched_at), count(*)
from touches
where cast(touches.touched_at as date) <= ?
group by all
"""
)


def expected_work_items(warehouse, raw, as_of) -> set[tuple]:
    """(rep_id, item_type, record_id, age_days) of every work item as of `as_of`."""
    day_end = datetime.datetime.combine(as_of + datetime.timedelta(days=1), TIME_ZERO)
    reps = {
        rep for (rep,) in warehouse.query("select rep_id from staging.stg_crm__users")
    }

    def owner(rep_id: str | None) -> str:
        return rep_id if rep_id in reps else "unknown"

    items: set[tuple] = set()
    first_responses = {
        lead: first_at for lead, _, first_at in raw.execute(RAW_RESPONSES).fetchall()
    }
    leads = warehouse.query("""
        select lead_id, owner_rep_id, status, created_at from staging.stg_crm__leads
    """)
    for lead_id, rep, status, created_at in leads:
        first_at = first_responses.get(lead_id)
        if (
            status not in TERMINAL_LEAD_STATUSES
            and created_at.date() <= as_of
            and (first_at is None or first_at >= day_end)
            and (day_end - created_at).total_seconds() // 60 > SLA_MINUTES
        ):
            age = (as_of - created_at.date()).days
            items.add((owner(rep), "lead_past_sla", lead_id, age))
    owners = {lead_id: rep for lead_id, rep, _, _ in leads}
    for lead_id, touched_at, touches in raw.execute(
        RAW_LEAD_TOUCHES, [as_of]
    ).fetchall():
        if touches == 1 and lead_id in owners:
            age = (as_of - touched_at.date()).days
            items.add((owner(owners[lead_id]), "single_touch_lead", lead_id, age))

    # The current stage entered at the first of the last run of history rows in it.
    entered: dict[str, tuple] = {}
    for opp, stage, changed_at in warehouse.query("""
        select opportunity_id, stage_name, changed_at
        from staging.stg_crm__opportunity_stage_history
        order by opportunity_id, changed_at, stage_change_id
    """):
        if opp not in entered or entered[opp][0] != stage:
            entered[opp] = (stage, changed_at)
    # Last contact: the latest activity linked to the deal or its account; the links
    # are fct_activities' (their own check: test_activity_linking.py).
    last_contacts = dict(
        warehouse.query(
            """
        select opportunities.opportunity_id, max(activities.occurred_at)
        from staging.stg_crm__opportunities as opportunities
        inner join marts.fct_activities as activities
            on activities.opportunity_id = opportunities.opportunity_id
            or (activities.account_id = opportunities.account_id
                and activities.account_id != 'unknown')
        where cast(activities.occurred_at as date) <= ?
        group by 1
    """,
            [as_of],
        )
    )
    for opp, rep, created_at, next_step_date in warehouse.query("""
        select opportunity_id, owner_rep_id, created_at, next_step_date
        from staging.stg_crm__opportunities
        where not is_closed
    """):
        if created_at.date() > as_of:
            continue
        rep = owner(rep)
        if next_step_date is not None and next_step_date < as_of:
            items.add((rep, "next_step_overdue", opp, (as_of - next_step_date).days))
        in_stage = (as_of - entered[opp][1].date()).days
        if in_stage > STUCK_AFTER_DAYS:
            items.add((rep, "stuck_opportunity", opp, in_stage))
        last = last_contacts.get(opp)
        idle = (as_of - (last or created_at).date()).days
        if idle > STALE_AFTER_DAYS:
            items.add((rep, "stale_opportunity", opp, idle))
    return items


def test_work_list_of_every_rep_matches_an_independent_recomputation(
    demo_warehouse, raw
):
    as_of = demo_warehouse.query(
        "select as_of_date from intermediate.int_data_date_bounds"
    )[0][0]
    expected = expected_work_items(demo_warehouse, raw, as_of)
    actual = set(
        demo_warehouse.query("""
            select rep_id, item_type, record_id, age_days
            from marts.fct_rep_work_items
        """)
    )
    by_rep: dict[str, int] = {}
    for rep, *_ in expected:
        by_rep[rep] = by_rep.get(rep, 0) + 1
    busiest = max(by_rep, key=by_rep.get)
    types = {item_type for _, item_type, _, _ in expected}
    assert {"lead_past_sla", "single_touch_lead", "next_step_overdue"} <= types
    assert "stuck_opportunity" in types
    # The busiest rep's list first (readable on failure), then every rep's.
    assert sorted(i for i in actual if i[0] == busiest) == sorted(
        i for i in expected if i[0] == busiest
    )
    assert sorted(actual - expected)[:10] == [] and sorted(expected - actual)[:10] == []


def test_renewal_and_demo_to_win_counts_per_month_match_the_staged_records(
    demo_warehouse,
):
    """Company counts per close month (SPEC §9) from the staged deals and meetings:
    renewals won and closed; won and closed deals with a completed demo meeting."""
    expected = {
        month.date(): tuple(counts)
        for month, *counts in demo_warehouse.query("""
            with demos as (
                select distinct opportunity_id from staging.stg_crm__meetings
                where meeting_type = 'demo' and status = 'completed'
            )
            select
                cast(date_trunc('month', opportunities.close_date) as timestamp),
                count(*) filter (opportunity_type = 'renewal' and is_won),
                count(*) filter (opportunity_type = 'renewal'),
                count(*) filter (demos.opportunity_id is not null and is_won),
                count(*) filter (demos.opportunity_id is not null)
            from staging.stg_crm__opportunities as opportunities
            left join demos
                on opportunities.opportunity_id = demos.opportunity_id
            where opportunities.is_closed and opportunities.close_date <= (
                select as_of_date from intermediate.int_data_date_bounds)
            group by 1
        """)
    }
    actual = {
        month: tuple(counts)
        for month, *counts in demo_warehouse.query("""
            select period_start, renewals_won, renewals_closed, demo_deals_won,
                   demo_deals_closed
            from marts.fct_sales_scorecard
            where period_type = 'month' and scope = 'company' and deals_closed > 0
        """)
    }
    assert sum(c[3] for c in expected.values()) > 20
    assert sum(c[1] for c in expected.values()) > 20
    assert actual == expected
