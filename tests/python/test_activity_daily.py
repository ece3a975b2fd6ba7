"""fct_rep_activity_daily against an independent recomputation from the raw Parquet files
(SPEC §3 "Activity"): per rep and UTC day, outbound calls, cold calls (to a contact with
no earlier connected call, completed meeting or email reply; SPEC §2 linking by phone
number and address), connected calls, emails sent, emails opened and emails replied
(unique per message, whenever the event arrived) and SMS replied (an inbound SMS from
the same number within 24 hours). Plain DuckDB SQL over the raw `<table>_latest` views;
nothing here reads the staging or intermediate models."""

from __future__ import annotations

import pytest
from independent import raw_connection

MEASURES = (
    "outbound_calls",
    "cold_calls",
    "connected_calls",
    "emails_sent",
    "emails_opened",
    "emails_replied",
    "sms_replied",
)

# Written from SPEC §2/§3 alone: trimmed lower-case categoricals, text timestamps read
# as UTC, phone numbers as digits with a leading international 00 dropped, orphan user
# ids on the unknown rep.
RAW_DAILY = """
with
users as (select user_id from crm_users_latest),
calls as (
    select
        coalesce(users.user_id, 'unknown') as rep_id,
        timezone('UTC', try_cast(trim(calls.started_at) as timestamptz)) as started_at,
        cast(timezone('UTC', try_cast(trim(calls.started_at) as timestamptz)) as date)
            as day,
        lower(trim(calls.direction)) as direction,
        calls.answered_at,
        regexp_replace(
            case lower(trim(calls.direction))
                when 'outbound' then calls.to_number else calls.from_number end,
            '[^0-9]', '', 'g') as digits
    from telephony_calls_latest as calls
    left join users on trim(calls.user_id) = users.user_id
),
-- Linking (SPEC §2): a call's number and an email's address name the most recently
-- created contact with that phone or address. Leads carry no phone, so a call's person
-- is always a contact.
contact_keys as (
    select trim(contact_id) as contact_id, created_at, 'phone' as kind,
           case when regexp_replace(phone, '[^0-9]', '', 'g') like '00%'
                then substr(regexp_replace(phone, '[^0-9]', '', 'g'), 3)
                else regexp_replace(phone, '[^0-9]', '', 'g') end as counterpart
    from crm_contacts_latest
    union all
    select trim(contact_id), created_at, 'email', lower(trim(email))
    from crm_contacts_latest
),
contact_by_key as (
    select kind, counterpart, arg_max(contact_id, (coalesce(created_at, timestamp '0001-01-01'),
                                    contact_id)) as contact_id
    from contact_keys
    where counterpart is not null and counterpart <> ''
    group by all
),
call_contacts as (
    select calls.*, contact_by_key.contact_id
    from calls
    left join contact_by_key
        on contact_by_key.kind = 'phone'
        and contact_by_key.counterpart
            = case when calls.digits like '00%' then substr(calls.digits, 3)
                   else calls.digits end
),
email_contacts as (
    select trim(emails.message_id) as message_id, lower(trim(emails.direction))
               as direction,
           emails.sent_at, contact_by_key.contact_id
    from email_messages_latest as emails
    join contact_by_key
        on contact_by_key.kind = 'email'
        and contact_by_key.counterpart = lower(trim(
            case lower(trim(emails.direction))
                when 'outbound' then emails.to_address else emails.from_address end))
),
-- Engagements of a contact: an answered outbound call, a completed meeting, a reply
-- to an email sent to them (never before the email) or an email from them.
engagements as (
    select contact_id, started_at as engaged_at
    from call_contacts
    where direction = 'outbound' and answered_at is not null
    union all
    select trim(contacts.contact_id), meetings.scheduled_start
    from crm_meetings_latest as meetings
    join crm_contacts_latest as contacts
        on trim(meetings.contact_id) = trim(contacts.contact_id)
    where lower(trim(meetings.status)) = 'completed'
    union all
    select email_contacts.contact_id,
           greatest(email_contacts.sent_at,
                    timezone('UTC', try_cast(trim(events.occurred_at) as timestamptz)))
    from email_contacts
    join email_events_latest as events
        on trim(events.message_id) = email_contacts.message_id
    where email_contacts.direction = 'outbound'
        and lower(trim(events.event_type)) = 'replied'
    union all
    select contact_id, sent_at from email_contacts where direction = 'inbound'
),
first_engagements as (
    select contact_id, min(engaged_at) as first_engaged_at
    from engagements
    group by all
),
cold_calls as (
    select call_contacts.rep_id, call_contacts.day
    from call_contacts
    left join first_engagements using (contact_id)
    where call_contacts.direction = 'outbound' and call_contacts.contact_id is not null
        and (first_engagements.first_engaged_at is null
             or first_engagements.first_engaged_at >= call_contacts.started_at)
),
messages as (
    select
        coalesce(users.user_id, 'unknown') as rep_id,
        messages.message_id,
        cast(messages.sent_at as date) as day
    from email_messages_latest as messages
    left join users on trim(messages.user_id) = users.user_id
    where lower(trim(messages.direction)) = 'outbound'
),
opened as (
    select distinct trim(message_id) as message_id
    from email_events_latest
    where lower(trim(event_type)) = 'opened'
),
replied as (
    select distinct trim(message_id) as message_id
    from email_events_latest
    where lower(trim(event_type)) = 'replied'
),
sms as (
    select
        coalesce(users.user_id, 'unknown') as rep_id,
        sms.sms_id,
        sms.sent_at,
        lower(trim(sms.direction)) as direction,
        regexp_replace(
            case lower(trim(sms.direction))
                when 'outbound' then sms.to_number else sms.from_number end,
            '[^0-9]', '', 'g') as digits
    from telephony_sms_latest as sms
    left join users on trim(sms.user_id) = users.user_id
),
sms_numbered as (
    select *, case when digits like '00%' then substr(digits, 3) else digits end
        as number
    from sms
),
replied_sms as (
    select distinct outbound.sms_id, outbound.rep_id, cast(outbound.sent_at as date)
        as day
    from sms_numbered as outbound
    join sms_numbered as inbound
        on inbound.number = outbound.number
        and inbound.sent_at > outbound.sent_at
        and inbound.sent_at <= outbound.sent_at + interval 24 hour
    where outbound.direction = 'outbound' and inbound.direction = 'inbound'
        and outbound.number <> ''
),
counts as (
    select rep_id, day, 1 as outbound_calls, 0 as cold_calls,
           case when answered_at is not null then 1 else 0 end as connected_calls,
           0 as emails_sent, 0 as emails_opened, 0 as emails_replied, 0 as sms_replied
    from calls where direction = 'outbound'
    union all
    select rep_id, day, 0, 1, 0, 0, 0, 0, 0 from cold_calls
    union all
    select messages.rep_id, messages.day, 0, 0, 0, 1,
           case when opened.message_id is not null then 1 else 0 end,
           case when replied.message_id is not null then 1 else 0 end, 0
    from messages
    left join opened on messages.message_id = opened.message_id
    left join replied on messages.message_id = replied.message_id
    union all
    select rep_id, day, 0, 0, 0, 0, 0, 0, 1 from replied_sms
)
select rep_id, day, sum(outbound_calls), sum(cold_calls), sum(connected_calls),
       sum(emails_sent), sum(emails_opened), sum(emails_replied), sum(sms_replied)
from counts
group by all
"""

MART_DAILY = f"""
select rep_id, date_day, {", ".join(f"sum({m})" for m in MEASURES)}
from marts.fct_rep_activity_daily
group by all
having {" + ".join(f"sum({m})" for m in MEASURES)} > 0
"""


@pytest.fixture(scope="module")
def raw(demo_warehouse):
    con = raw_connection(demo_warehouse)
    yield con
    con.close()


@pytest.fixture(scope="module")
def expected(raw) -> dict:
    return {
        (rep, day): tuple(int(v) for v in values)
        for rep, day, *values in raw.execute(RAW_DAILY).fetchall()
    }


@pytest.fixture(scope="module")
def actual(demo_warehouse) -> dict:
    return {
        (rep, day): tuple(int(v) for v in values)
        for rep, day, *values in demo_warehouse.query(MART_DAILY)
    }


def busiest_reps(expected: dict, measure: str, n: int = 2) -> list[str]:
    index = MEASURES.index(measure)
    totals: dict[str, int] = {}
    for (rep, _), values in expected.items():
        totals[rep] = totals.get(rep, 0) + values[index]
    return sorted((r for r in totals if r != "unknown"), key=lambda r: (-totals[r], r))[
        :n
    ]


def test_a_few_reps_daily_counts_match_raw(expected, actual):
    reps = {rep for measure in MEASURES for rep in busiest_reps(expected, measure, 3)}
    reps.add("unknown")  # orphan rep ids stay in the totals
    assert len(reps) >= 4
    for rep in sorted(reps):
        want = {day: v for (r, day), v in expected.items() if r == rep}
        got = {day: v for (r, day), v in actual.items() if r == rep}
        assert want, rep
        assert got == want, rep


def test_every_rep_day_matches_raw(expected, actual):
    assert sum(v[MEASURES.index("sms_replied")] for v in expected.values()) > 100
    cold = sum(v[MEASURES.index("cold_calls")] for v in expected.values())
    outbound = sum(v[MEASURES.index("outbound_calls")] for v in expected.values())
    assert 1000 < cold < outbound  # some calls are cold, some warm
    assert sum(v[MEASURES.index("emails_opened")] for v in expected.values()) > 1000
    assert actual == expected


def test_zero_days_fill_every_working_day_of_a_selling_rep(demo_warehouse):
    """A rep hired inside the data window has a row on every working day of the
    regional calendar from the hire date to the as-of date (or termination)."""
    rows = demo_warehouse.query("""
        with reps as (
            select rep_id, region, cast(hired_at as date) as hired_on,
                   cast(coalesce(terminated_at, timestamp '2999-01-01') as date)
                       as left_on
            from marts.dim_reps
            where role in ('sdr', 'ae') and region in ('emea', 'north_america')
        ),
        as_of as (select max(date_day) as as_of_date from marts.dim_date
                  where is_as_of_date)
        select reps.rep_id, count(*) as working_days,
               count(daily.rep_id) as rows_on_working_days
        from reps
        cross join as_of
        join intermediate.int_business_days_by_region as calendar
            on calendar.region = reps.region and calendar.is_working_day
            and calendar.date_day between reps.hired_on
                and least(reps.left_on, as_of.as_of_date)
        left join marts.fct_rep_activity_daily as daily
            on daily.rep_id = reps.rep_id and daily.date_day = calendar.date_day
        group by 1
    """)
    assert rows
    for rep, working_days, covered in rows:
        assert covered == working_days, rep
