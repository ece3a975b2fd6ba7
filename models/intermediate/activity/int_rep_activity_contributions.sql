{#
    What each activity, meeting booking and opportunity adds to its rep's day in
    fct_rep_activity_daily (SPEC §3 "Activity", §5), one row per contribution, in the
    columns of activity_daily_counts(); every row has at least one count above zero.
      - `activity`: a call, email or SMS on the UTC date it occurred, a meeting on its
        scheduled day once it is completed, cancelled, declined or a no-show (a
        scheduled or rescheduled meeting does not make its day, maybe in the future, a
        day with activity); rep, cold call and tracking from int_activities_classified;
      - `booking`: a meeting, booked on the UTC date it was created (its scheduled start
        when the CRM has no creation time), for its owner;
      - demos (SPEC §9) are meetings of type `demo`, counted as their meeting is:
        booked on the booking's day, completed or no-show on the scheduled day;
      - `opportunity`: an opportunity on the UTC date it was created, for its owner.
    The rep is the CRM user, `unknown` for an orphan or missing id, as in the marts.
#}

{%- set measures = activity_daily_counts() | reject('equalto', 'activity_time_seconds')
    | list %}

with

activities as (
    select * from {{ ref('int_activities_classified') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

meeting_types as (
    select
        meeting_id,
        meeting_type
    from meetings
),

activities_typed as (
    select
        activities.*,
        meeting_types.meeting_type
    from activities
    left join meeting_types
        on
            activities.activity_type = 'meeting'
            and activities.source_record_id = meeting_types.meeting_id
),

-- The union below is positional: every branch lists the key columns, the measures in
-- the column order of activity_daily_counts(), then the activity.
activity_contributions as (
    select
        activity_id as contribution_id,
        'activity' as contribution_type,
        rep_id,
        occurred_date as date_day,
        {%- set is_call_out = "activity_type = 'call' and direction = 'outbound'" %}
        {%- set is_email_out = "activity_type = 'email' and direction = 'outbound'" %}
        {%- set is_sms_out = "activity_type = 'sms' and direction = 'outbound'" %}
        case when {{ is_call_out }} then 1 else 0 end as outbound_calls,
        case when is_cold_call then 1 else 0 end as cold_calls,
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
        0 as demos_booked,
        {%- for status in ['completed', 'no_show'] %}
        case
            when
                activity_type = 'meeting'
                and meeting_type = 'demo'
                and outcome = '{{ status }}'
                then 1
            else 0
        end as demos_{{ status }},
        {%- endfor %}
        0 as opportunities_created,
        case
            when
                activity_type != 'meeting'
                and coalesce(direction, 'other') not in ('outbound', 'inbound')
                then 1
            else 0
        end as activities_without_direction,
        activity_id
    from activities_typed
    where
        activity_type != 'meeting'
        or outcome in ('completed', 'cancelled', 'declined', 'no_show')
),

booking_contributions as (
    select
        {{ dbt.concat(["'booking:'", 'activities.activity_id']) }} as contribution_id,
        'booking' as contribution_type,
        activities.rep_id,
        cast(coalesce(meetings.created_at, activities.occurred_at) as date) as date_day,
        {%- for measure in measures %}
        {%- if measure == 'demos_booked' %}
        case when meetings.meeting_type = 'demo' then 1 else 0 end as demos_booked,
        {%- else %}
        {{ 1 if measure == 'meetings_booked' else 0 }} as {{ measure }},
        {%- endif %}
        {%- endfor %}
        activities.activity_id
    from activities
    inner join meetings
        on activities.source_record_id = meetings.meeting_id
    where activities.activity_type = 'meeting'
),

opportunity_contributions as (
    select
        {{ dbt.concat(["'opportunity:'", 'opportunities.opportunity_id']) }}
            as contribution_id,
        'opportunity' as contribution_type,
        coalesce(users.rep_id, 'unknown') as rep_id,
        cast(opportunities.created_at as date) as date_day,
        {%- for measure in measures %}
        {{ 1 if measure == 'opportunities_created' else 0 }} as {{ measure }},
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as activity_id
    from opportunities
    left join users
        on opportunities.owner_rep_id = users.rep_id
),

contributions as (
    select * from activity_contributions
    union all
    select * from booking_contributions
    union all
    select * from opportunity_contributions
),

final as (
    select
        cast(contribution_id as {{ dbt.type_string() }}) as contribution_id,
        cast(contribution_type as {{ dbt.type_string() }}) as contribution_type,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(date_day as date) as date_day,
        {%- for measure in measures %}
        cast({{ measure }} as {{ dbt.type_int() }}) as {{ measure }},
        {%- endfor %}
        cast(activity_id as {{ dbt.type_string() }}) as activity_id
    from contributions
)

select * from final
