{#
    Activity KPIs per rep and day (SPEC §3 "Activity", §5). An activity's day is its UTC
    date (calls: start, emails and SMS: sent, meetings: scheduled start); email tracking
    counts on the day the message was sent, whenever the event arrived; meetings are
    booked on the UTC date the meeting was created. Every working day of the rep's
    regional calendar while employed (hire date, or first activity, to termination or
    the as-of date) has a row, zeros when nothing happened, so that per-day averages are
    honest; a day with activity that is not such a day (weekend, holiday, after
    termination) has a row too. Zero days are for users who sell: role sdr or ae, or
    any activity or opportunity at all (a manager who never sells has no rows). The
    unknown rep (orphan ids) has rows on its activity days only. Every count is
    additive: sum it over days, reps or teams.
#}

{#- Every count but activity time, which is the sum of two of them. #}
{%- set measures = activity_daily_counts() | reject('equalto', 'activity_time_seconds')
    | list %}
{%- set counts = activity_daily_counts() %}
{%- set int_type = dbt.type_int() %}

with

activities as (
    select * from {{ ref('fct_activities') }}
),

cold_calls as (
    select * from {{ ref('int_calls_cold_classified') }}
),

email_messages_tracked as (
    select * from {{ ref('int_email_messages_tracked') }}
),

sms_replies as (
    select * from {{ ref('int_sms_replies_matched') }}
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

business_days as (
    select * from {{ ref('int_business_days_by_region') }}
),

activities_classified as (
    select
        activities.activity_id,
        activities.activity_type,
        activities.direction,
        activities.rep_id,
        activities.occurred_date,
        activities.outcome,
        activities.duration_seconds,
        activities.is_answered,
        activities.is_connected,
        coalesce(cold_calls.is_cold_call, false) as is_cold_call,
        coalesce(email_messages_tracked.is_delivered, false) as is_delivered,
        coalesce(email_messages_tracked.is_opened, false) as is_opened,
        coalesce(email_messages_tracked.is_clicked, false) as is_clicked,
        coalesce(email_messages_tracked.is_replied, false) as is_email_replied,
        coalesce(email_messages_tracked.is_bounced, false) as is_bounced,
        coalesce(sms_replies.is_replied, false) as is_sms_replied
    from activities
    left join cold_calls
        on activities.activity_id = cold_calls.activity_id
    left join email_messages_tracked
        on activities.activity_id = email_messages_tracked.activity_id
    left join sms_replies
        on activities.activity_id = sms_replies.activity_id
    {#- A scheduled or rescheduled meeting counts only as booked (on its creation
        day): it does not make its scheduled day, maybe in the future, a day with
        activity. #}
    where
        activities.activity_type != 'meeting'
        or activities.outcome in ('completed', 'cancelled', 'declined', 'no_show')
),

-- One row per activity with its contribution to each measure on its own day, in the
-- column order of activity_daily_counts() (the union below is positional).
activity_measures as (
    select
        occurred_date as date_day,
        rep_id,
        {%- set is_call_out = "activity_type = 'call' and direction = 'outbound'" %}
        {%- set is_email_out = "activity_type = 'email' and direction = 'outbound'" %}
        {%- set is_sms_out = "activity_type = 'sms' and direction = 'outbound'" %}
        case when {{ is_call_out }} then 1 else 0 end as outbound_calls,
        case when {{ is_call_out }} and is_cold_call then 1 else 0 end as cold_calls,
        case when is_connected then 1 else 0 end as connected_calls,
        case
            when activity_type = 'call' and direction = 'inbound' then 1 else 0
        end as inbound_calls,
        case when activity_type = 'call' and is_answered then 1 else 0 end
            as answered_calls,
        case
            when activity_type = 'call' and is_answered
                then coalesce(duration_seconds, 0)
            else 0
        end as talk_time_seconds,
        case when {{ is_email_out }} then 1 else 0 end as emails_sent,
        case when {{ is_email_out }} and is_delivered then 1 else 0 end
            as emails_delivered,
        case when {{ is_email_out }} and is_opened then 1 else 0 end as emails_opened,
        case when {{ is_email_out }} and is_clicked then 1 else 0 end as emails_clicked,
        case when {{ is_email_out }} and is_email_replied then 1 else 0 end
            as emails_replied,
        case when {{ is_email_out }} and is_bounced then 1 else 0 end as emails_bounced,
        case
            when activity_type = 'email' and direction = 'inbound' then 1 else 0
        end as emails_received,
        case when {{ is_sms_out }} then 1 else 0 end as sms_sent,
        case when {{ is_sms_out }} and is_sms_replied then 1 else 0 end as sms_replied,
        case
            when activity_type = 'sms' and direction = 'inbound' then 1 else 0
        end as sms_received,
        0 as meetings_booked,
        {%- for status in ['completed', 'cancelled', 'declined', 'no_show'] %}
        case
            when activity_type = 'meeting' and outcome = '{{ status }}' then 1 else 0
        end as meetings_{{ status }},
        {%- endfor %}
        case
            when activity_type = 'meeting' and outcome = 'completed'
                then coalesce(duration_seconds, 0)
            else 0
        end as meeting_time_seconds,
        0 as opportunities_created,
        case
            when
                activity_type != 'meeting'
                and coalesce(direction, 'other') not in ('outbound', 'inbound')
                then 1
            else 0
        end as activities_without_direction
    from activities_classified
),

-- Booked on the UTC date the meeting was created (its scheduled start when the CRM
-- has no creation time), for its owner.
booking_measures as (
    select
        cast(coalesce(meetings.created_at, activities.occurred_at) as date) as date_day,
        activities.rep_id,
        {%- for measure in measures[:-1] %}
        {%- set value = 1 if measure == 'meetings_booked' else 0 %}
        {{ value }} as {{ measure }},
        {%- endfor %}
        {%- set value = 1 if measures[-1] == 'meetings_booked' else 0 %}
        {{ value }} as {{ measures[-1] }}
    from activities
    inner join meetings
        on activities.source_record_id = meetings.meeting_id
    where activities.activity_type = 'meeting'
),

opportunity_measures as (
    select
        cast(created_at as date) as date_day,
        owner_rep_id as rep_id,
        {%- for measure in measures[:-1] %}
        {%- set value = 1 if measure == 'opportunities_created' else 0 %}
        {{ value }} as {{ measure }},
        {%- endfor %}
        {%- set value = 1 if measures[-1] == 'opportunities_created' else 0 %}
        {{ value }} as {{ measures[-1] }}
    from opportunities
),

measures_unioned as (
    select * from activity_measures
    union all
    select * from booking_measures
    union all
    select * from opportunity_measures
),

daily_measures as (
    select
        date_day,
        rep_id,
        {%- for measure in measures[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ measures[-1] }}) as {{ measures[-1] }}
    from measures_unioned
    group by 1, 2
),

calendar_regions as (
    select distinct region from business_days
),

rep_calendars as (
    select
        reps.rep_id,
        reps.team_id,
        reps.role,
        coalesce(calendar_regions.region, 'global') as calendar_region,
        cast(reps.hired_at as date) as hired_on,
        cast(reps.terminated_at as date) as terminated_on
    from reps
    left join calendar_regions
        on reps.region = calendar_regions.region
),

first_activity_days as (
    select
        rep_id,
        min(date_day) as first_activity_day
    from daily_measures
    group by 1
),

employed_working_days as (
    select
        business_days.date_day,
        rep_calendars.rep_id
    from rep_calendars
    left join first_activity_days
        on rep_calendars.rep_id = first_activity_days.rep_id
    inner join business_days
        on
            rep_calendars.calendar_region = business_days.region
            and business_days.is_working_day
            and business_days.date_day >= coalesce(
                rep_calendars.hired_on, first_activity_days.first_activity_day
            )
            and business_days.date_day
            <= coalesce(rep_calendars.terminated_on, {{ as_of_date() }})
            and business_days.date_day <= {{ as_of_date() }}
    where
        rep_calendars.rep_id != 'unknown'
        {#- Users who never do sales work (managers without any activity) get no
            zero days: they would dilute the per-rep-day averages of their team. #}
        and (
            rep_calendars.role in ('sdr', 'ae')
            or first_activity_days.rep_id is not null
        )
),

rep_days as (
    select
        date_day,
        rep_id
    from employed_working_days
    union
    select
        date_day,
        rep_id
    from daily_measures
),

joined as (
    select
        rep_days.date_day,
        rep_days.rep_id,
        coalesce(rep_calendars.team_id, 'unknown') as team_id,
        coalesce(business_days.is_working_day, false) as is_working_day,
        {%- for measure in measures %}
        coalesce(daily_measures.{{ measure }}, 0) as {{ measure }},
        {%- endfor %}
        coalesce(daily_measures.talk_time_seconds, 0)
        + coalesce(daily_measures.meeting_time_seconds, 0) as activity_time_seconds
    from rep_days
    left join rep_calendars
        on rep_days.rep_id = rep_calendars.rep_id
    left join business_days
        on
            rep_days.date_day = business_days.date_day
            and coalesce(rep_calendars.calendar_region, 'global')
            = business_days.region
    left join daily_measures
        on
            rep_days.date_day = daily_measures.date_day
            and rep_days.rep_id = daily_measures.rep_id
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(is_working_day as {{ dbt.type_boolean() }}) as is_working_day,
        {%- for measure in counts[:-1] %}
        cast({{ measure }} as {{ int_type }}) as {{ measure }},
        {%- endfor %}
        cast({{ counts[-1] }} as {{ int_type }}) as {{ counts[-1] }}
    from joined
)

select * from final
