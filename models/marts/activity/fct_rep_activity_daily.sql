{#
    One row per rep and day (SPEC §5, §3 activity): every activity measure, by the UTC
    date of the activity. Every working day of the rep's regional calendar between hire
    (or first activity) and departure (or the as-of date) has a row, with zeros when
    nothing happened, so per-day averages are honest; any other day with activity too.
    Definitions (SPEC §3): a connected call is an outbound call with answered_at; talk
    time sums duration over answered calls of both directions; a cold call is an
    outbound call to a linked lead or contact with no earlier connected call, completed
    meeting or email reply from that person; email measures count sent (outbound)
    messages with at least one such event, whenever it arrived, on the send date; an SMS
    is replied when an inbound SMS from the same number follows within 24 hours;
    meetings are booked on their creation date and completed/cancelled/declined/no-show
    on their scheduled date; activity time is talk time plus completed meeting time.
#}
with

activities as (
    select * from {{ ref('fct_activities') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

calendar as (
    select * from {{ ref('int_business_days_by_region') }}
),

calls as (
    select
        *,
        {{ dbt.concat(["coalesce(contact_id, '')", "'|'", "coalesce(lead_id, '')"]) }}
            as person_key
    from activities
    where activity_type = 'call'
),

{# When did each lead or contact first engage: a connected call, a completed meeting
    or an email reply (a replied event on a message to them, or a message from them). #}
engagements as (
    select
        person_key,
        occurred_at as engaged_at
    from calls
    where is_connected
    union all
    select
        {{ dbt.concat(["coalesce(contact_id, '')", "'|'", "coalesce(lead_id, '')"]) }},
        occurred_at
    from activities
    where activity_type = 'meeting' and outcome = 'completed'
    union all
    select
        {{ dbt.concat([
            "coalesce(activities.contact_id, '')", "'|'",
            "coalesce(activities.lead_id, '')"
        ]) }},
        email_events.occurred_at
    from activities
    inner join email_events
        on activities.source_record_id = email_events.message_id
    where activities.activity_type = 'email' and email_events.event_type = 'replied'
    union all
    select
        {{ dbt.concat(["coalesce(contact_id, '')", "'|'", "coalesce(lead_id, '')"]) }},
        occurred_at
    from activities
    where activity_type = 'email' and direction = 'inbound'
),

first_engagements as (
    select
        person_key,
        min(engaged_at) as first_engaged_at
    from engagements
    where person_key != '|'
    group by 1
),

call_measures as (
    select
        calls.occurred_date as date_day,
        calls.rep_id,
        sum(case when calls.direction = 'outbound' then 1 else 0 end) as outbound_calls,
        sum(
            case
                when
                    calls.direction = 'outbound'
                    and calls.person_key != '|'
                    and (
                        first_engagements.first_engaged_at is null
                        or calls.occurred_at <= first_engagements.first_engaged_at
                    )
                    then 1
                else 0
            end
        ) as cold_calls,
        sum(case when calls.is_connected then 1 else 0 end) as connected_calls,
        sum(case when calls.direction = 'inbound' then 1 else 0 end) as inbound_calls,
        sum(case when calls.is_answered then 1 else 0 end) as answered_calls,
        sum(
            case
                when calls.is_answered then coalesce(calls.duration_seconds, 0) else 0
            end
        ) as talk_time_seconds
    from calls
    left join first_engagements
        on calls.person_key = first_engagements.person_key
    group by 1, 2
),

message_events as (
    select
        message_id,
        max(case when event_type = 'delivered' then 1 else 0 end) as is_delivered,
        max(case when event_type = 'opened' then 1 else 0 end) as is_opened,
        max(case when event_type = 'clicked' then 1 else 0 end) as is_clicked,
        max(case when event_type = 'replied' then 1 else 0 end) as is_replied,
        max(case when event_type = 'bounced' then 1 else 0 end) as is_bounced
    from email_events
    group by 1
),

email_measures as (
    select
        activities.occurred_date as date_day,
        activities.rep_id,
        count(*) as emails_sent,
        sum(coalesce(message_events.is_delivered, 0)) as emails_delivered,
        sum(coalesce(message_events.is_opened, 0)) as emails_opened,
        sum(coalesce(message_events.is_clicked, 0)) as emails_clicked,
        sum(coalesce(message_events.is_replied, 0)) as emails_replied,
        sum(coalesce(message_events.is_bounced, 0)) as emails_bounced
    from activities
    left join message_events
        on activities.source_record_id = message_events.message_id
    where activities.activity_type = 'email' and activities.direction = 'outbound'
    group by 1, 2
),

sms as (
    select * from activities
    where activity_type = 'sms'
),

replied_sms as (
    select distinct outbound.activity_id
    from sms as outbound
    inner join sms as inbound
        on
            outbound.counterpart = inbound.counterpart
            and inbound.occurred_at > outbound.occurred_at
            and inbound.occurred_at
            <= {{ dbt.dateadd('hour', 24, 'outbound.occurred_at') }}
    where outbound.direction = 'outbound' and inbound.direction = 'inbound'
),

sms_measures as (
    select
        sms.occurred_date as date_day,
        sms.rep_id,
        sum(case when sms.direction = 'outbound' then 1 else 0 end) as sms_sent,
        sum(case when replied_sms.activity_id is not null then 1 else 0 end)
            as sms_replied,
        sum(case when sms.direction = 'inbound' then 1 else 0 end) as sms_received
    from sms
    left join replied_sms
        on sms.activity_id = replied_sms.activity_id
    group by 1, 2
),

meeting_measures as (
    select
        occurred_date as date_day,
        rep_id,
        sum(case when outcome = 'completed' then 1 else 0 end) as meetings_completed,
        sum(case when outcome = 'cancelled' then 1 else 0 end) as meetings_cancelled,
        sum(case when outcome = 'declined' then 1 else 0 end) as meetings_declined,
        sum(case when outcome = 'no_show' then 1 else 0 end) as meetings_no_show,
        sum(
            case
                when outcome = 'completed' then coalesce(duration_seconds, 0) else 0
            end
        ) as meeting_time_seconds
    from activities
    where activity_type = 'meeting'
    group by 1, 2
),

{# Booked on the day the meeting was created; the rep is the owner as in fct_activities. #}
booked_meetings as (
    select
        cast(meetings.created_at as date) as date_day,
        activities.rep_id,
        count(*) as meetings_booked
    from activities
    inner join meetings
        on activities.source_record_id = meetings.meeting_id
    where activities.activity_type = 'meeting' and meetings.created_at is not null
    group by 1, 2
),

opportunity_measures as (
    select
        cast(created_at as date) as date_day,
        owner_rep_id as rep_id,
        count(*) as opportunities_created
    from opportunities
    group by 1, 2
),

{%- set measures = {
    'call_measures': ['outbound_calls', 'cold_calls', 'connected_calls', 'inbound_calls',
                      'answered_calls', 'talk_time_seconds'],
    'email_measures': ['emails_sent', 'emails_delivered', 'emails_opened',
                       'emails_clicked', 'emails_replied', 'emails_bounced'],
    'sms_measures': ['sms_sent', 'sms_replied', 'sms_received'],
    'meeting_measures': ['meetings_completed', 'meetings_cancelled', 'meetings_declined',
                         'meetings_no_show', 'meeting_time_seconds'],
    'booked_meetings': ['meetings_booked'],
    'opportunity_measures': ['opportunities_created'],
} %}

activity_days as (
    {%- for cte in measures %}
    select
        date_day,
        rep_id
    from {{ cte }}
    {{ 'union' if not loop.last }}
    {%- endfor %}
),

rep_calendars as (
    select
        rep_id,
        team_id,
        case when region in ('unknown', 'other') then 'global' else region end
            as calendar_region,
        cast(hired_at as date) as hired_on,
        cast(terminated_at as date) as terminated_on
    from reps
),

first_activity_days as (
    select
        rep_id,
        min(date_day) as first_activity_day
    from activity_days
    group by 1
),

employed_working_days as (
    select
        rep_calendars.rep_id,
        calendar.date_day
    from rep_calendars
    left join first_activity_days
        on rep_calendars.rep_id = first_activity_days.rep_id
    inner join calendar
        on
            rep_calendars.calendar_region = calendar.region
            and calendar.is_working_day
            and calendar.date_day >= coalesce(
                rep_calendars.hired_on, first_activity_days.first_activity_day
            )
            and calendar.date_day <= coalesce(
                rep_calendars.terminated_on, {{ as_of_date() }}
            )
            and calendar.date_day <= {{ as_of_date() }}
    where rep_calendars.rep_id != 'unknown'
),

spine as (
    select
        date_day,
        rep_id
    from employed_working_days
    union
    select
        date_day,
        rep_id
    from activity_days
),

joined as (
    select
        spine.date_day,
        spine.rep_id,
        coalesce(rep_calendars.team_id, 'unknown') as team_id,
        coalesce(calendar.is_working_day, false) as is_working_day,
        {%- for cte, columns in measures.items() %}
        {%- for column in columns %}
        coalesce({{ cte }}.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        {%- endfor %}
        spine.rep_id is not null as has_rep
    from spine
    left join rep_calendars
        on spine.rep_id = rep_calendars.rep_id
    left join calendar
        on
            spine.date_day = calendar.date_day
            and coalesce(rep_calendars.calendar_region, 'global') = calendar.region
    {%- for cte in measures %}
    left join {{ cte }}
        on spine.date_day = {{ cte }}.date_day and spine.rep_id = {{ cte }}.rep_id
    {%- endfor %}
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        is_working_day,
        {%- for columns in measures.values() %}
        {%- for column in columns %}
        cast({{ column }} as integer) as {{ column }},
        {%- endfor %}
        {%- endfor %}
        cast(talk_time_seconds + meeting_time_seconds as integer)
            as activity_time_seconds
    from joined
)

select * from final
