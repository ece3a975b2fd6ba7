{#
    Reconciliation of fct_rep_activity_daily with fct_activities and fct_opportunities,
    per rep: every call, email and SMS is counted exactly once by direction, every
    meeting is booked exactly once, and connected calls, talk time, completed meetings,
    their time and new opportunities equal the facts they come from. Returns one row
    per rep and measure that disagrees.
#}
with

activity_daily as (
    select * from {{ ref('fct_rep_activity_daily') }}
),

activities as (
    select * from {{ ref('fct_activities') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

expected_activities as (
    select
        rep_id,
        sum(case when activity_type != 'meeting' then 1 else 0 end)
            as address_activities,
        sum(
            case when activity_type = 'call' and direction = 'outbound' then 1 else 0 end
        ) as outbound_calls,
        sum(case when is_connected then 1 else 0 end) as connected_calls,
        sum(case when activity_type = 'call' and is_answered then 1 else 0 end)
            as answered_calls,
        sum(
            case
                when activity_type = 'call' and is_answered then duration_seconds
                else 0
            end
        ) as talk_time_seconds,
        sum(
            case when activity_type = 'email' and direction = 'outbound' then 1 else 0 end
        ) as emails_sent,
        sum(
            case when activity_type = 'sms' and direction = 'outbound' then 1 else 0 end
        ) as sms_sent,
        sum(case when activity_type = 'meeting' then 1 else 0 end) as meetings_booked,
        sum(
            case
                when activity_type = 'meeting' and outcome = 'completed' then 1 else 0
            end
        ) as meetings_completed,
        sum(
            case
                when activity_type = 'meeting' and outcome = 'completed'
                    then duration_seconds
                else 0
            end
        ) as meeting_time_seconds
    from activities
    group by 1
),

expected_opportunities as (
    select
        owner_rep_id as rep_id,
        count(*) as opportunities_created
    from opportunities
    group by 1
),

actual as (
    select
        rep_id,
        -- a count whose source delivered nothing is null (SPEC §6): no activities
        sum(
            coalesce(outbound_calls, 0) + coalesce(inbound_calls, 0)
            + coalesce(emails_sent, 0) + coalesce(emails_received, 0)
            + coalesce(sms_sent, 0) + coalesce(sms_received, 0)
            + coalesce(activities_without_direction, 0)
        ) as address_activities,
        sum(outbound_calls) as outbound_calls,
        sum(connected_calls) as connected_calls,
        sum(answered_calls) as answered_calls,
        sum(talk_time_seconds) as talk_time_seconds,
        sum(emails_sent) as emails_sent,
        sum(sms_sent) as sms_sent,
        sum(meetings_booked) as meetings_booked,
        sum(meetings_completed) as meetings_completed,
        sum(meeting_time_seconds) as meeting_time_seconds,
        sum(opportunities_created) as opportunities_created
    from activity_daily
    group by 1
),

{%- set activity_measures = [
    'address_activities', 'outbound_calls', 'connected_calls', 'answered_calls',
    'talk_time_seconds', 'emails_sent', 'sms_sent', 'meetings_booked',
    'meetings_completed', 'meeting_time_seconds',
] %}

compared as (
    {%- for measure in activity_measures %}
    select
        coalesce(actual.rep_id, expected_activities.rep_id) as rep_id,
        '{{ measure }}' as measure,
        coalesce(expected_activities.{{ measure }}, 0) as expected_value,
        coalesce(actual.{{ measure }}, 0) as actual_value
    from actual
    full outer join expected_activities
        on actual.rep_id = expected_activities.rep_id
    union all
    {%- endfor %}
    select
        coalesce(actual.rep_id, expected_opportunities.rep_id) as rep_id,
        'opportunities_created' as measure,
        coalesce(expected_opportunities.opportunities_created, 0) as expected_value,
        coalesce(actual.opportunities_created, 0) as actual_value
    from actual
    full outer join expected_opportunities
        on actual.rep_id = expected_opportunities.rep_id
)

select * from compared
where expected_value != actual_value
