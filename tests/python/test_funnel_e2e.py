"""Funnel marts against an independent computation from the raw files (SPEC §3):
win rate per rep per quarter, lead-to-MQL cohort conversion per channel, and the median
time in each opportunity stage."""

from __future__ import annotations

import pytest
from independent import raw_connection

SEEDS = "seeds"


@pytest.fixture(scope="module")
def raw(demo_warehouse):
    con = raw_connection(demo_warehouse)
    yield con
    con.close()


def test_win_rate_per_rep_per_quarter_matches_raw(demo_warehouse, raw):
    expected = {
        (rep, quarter): (won, closed)
        for rep, quarter, won, closed in raw.execute("""
            select
                case when users.user_id is null then 'unknown'
                     else opportunities.owner_user_id end as rep_id,
                date_trunc('quarter', opportunities.close_date) as quarter,
                sum(case when opportunities.is_won then 1 else 0 end) as won,
                count(*) as closed
            from crm_opportunities_latest as opportunities
            left join crm_users_latest as users
                on opportunities.owner_user_id = users.user_id
            where opportunities.is_closed
            group by all
        """).fetchall()
    }
    actual = {
        (rep, quarter): (won, closed)
        for rep, quarter, won, closed in demo_warehouse.query("""
            select owner_rep_id, date_trunc('quarter', close_month),
                   sum(won_opportunities), sum(won_opportunities + lost_opportunities)
            from marts.fct_opportunity_outcomes_monthly
            group by all
            having sum(won_opportunities + lost_opportunities) > 0
        """)
    }
    assert len(expected) > 20
    assert actual == expected


def test_lead_to_mql_cohort_conversion_per_channel_matches_raw(demo_warehouse, raw):
    expected = dict(
        ((month, channel), (reached, leads))
        for month, channel, reached, leads in raw.execute(f"""
            with mapping as (
                select * from read_csv('{SEEDS}/channel_mapping.csv', header = true)
            ),
            reached_mql as (
                select distinct lead_id
                from crm_lead_status_history_latest
                where lower(trim(status)) in ('mql', 'sal', 'sql', 'converted')
            )
            select
                cast(date_trunc('month', cast(leads.created_at as timestamp)) as date)
                    as cohort_month,
                coalesce(mapping.channel, 'other') as channel,
                count(reached_mql.lead_id) as reached,
                count(*) as leads
            from crm_leads_latest as leads
            left join mapping
                on lower(trim(leads.lead_source)) = mapping.lead_source
            left join reached_mql
                on leads.lead_id = reached_mql.lead_id
            group by all
        """).fetchall()
    )
    actual = dict(
        ((month, channel), (reached, leads))
        for month, channel, reached, leads in demo_warehouse.query("""
            select cohort_month, channel, sum(case when is_converted then 1 else 0 end),
                   count(*)
            from marts.fct_lead_stage_conversions
            where from_stage = 'lead'
            group by all
        """)
    )
    assert sum(leads for _, leads in expected.values()) > 1000
    assert actual == expected


def test_median_days_in_stage_matches_raw(demo_warehouse, raw):
    expected = dict(
        raw.execute("""
        with changes as (
            select
                opportunity_id,
                lower(trim(stage_name)) as stage_name,
                changed_at,
                history_id,
                lag(lower(trim(stage_name))) over (
                    partition by opportunity_id order by changed_at, history_id
                ) as previous_stage
            from crm_opportunity_stage_history_latest
            where stage_name is not null
        ),
        visits as (
            select
                stage_name,
                changed_at as entered_at,
                lead(changed_at) over (
                    partition by opportunity_id order by changed_at, history_id
                ) as exited_at
            from changes
            where previous_stage is null or previous_stage != stage_name
        )
        select stage_name, median(date_diff('day', entered_at::date, exited_at::date))
        from visits
        where exited_at is not null
        group by 1
    """).fetchall()
    )
    actual = dict(
        demo_warehouse.query("""
        select stage_name, median(days_in_stage)
        from marts.fct_opportunity_stage_spans
        where exited_at is not null
        group by 1
    """)
    )
    assert {"prospecting", "qualification", "proposal"} <= set(expected)
    assert actual == pytest.approx(expected)
