{#
    When outreach works (SPEC §3 "activity effectiveness by hour of day and weekday in
    the rep's local time"): one row per rep, channel (call, email, sms), local weekday
    and local hour with at least one outbound attempt. Local time is occurred_at_local
    of fct_activities (the rep's time zone). Counts only, so that any slice (a team, a
    channel, all reps, weekdays only) re-aggregates by summing; rates of a row are its
    own counts' ratios.
      - attempts: outbound calls, outbound emails sent, outbound SMS sent.
      - connects: connected calls (outbound, answered_at present).
      - replies: emails with a `replied` event (unique per message, whenever it
        arrived): outcome `replied` in fct_activities, the furthest event of the
        message, so that no join of every email with its tracking is needed; SMS
        replied within 24 hours (int_sms_replies_matched).
      - meetings_booked: calls with disposition `meeting_booked`.
    Everything counts on the hour and weekday of the attempt, not of the response.
#}

with

activities as (
    select * from {{ ref('fct_activities') }}
),

sms_replies as (
    select * from {{ ref('int_sms_replies_matched') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

attempts as (
    select
        activities.rep_id,
        activities.activity_type,
        activities.occurred_weekday_local as weekday_local,
        activities.occurred_hour_local as hour_local,
        case when activities.is_connected then 1 else 0 end as is_connect,
        case
            when
                activities.activity_type = 'email'
                and activities.outcome = 'replied'
                then 1
            when
                activities.activity_type = 'sms'
                and coalesce(sms_replies.is_replied, false)
                then 1
            else 0
        end as is_reply,
        case
            when
                activities.activity_type = 'call'
                and activities.outcome = 'meeting_booked'
                then 1
            else 0
        end as is_meeting_booked,
        case
            when activities.is_connected then coalesce(activities.duration_seconds, 0)
            else 0
        end as connected_talk_time_seconds
    from activities
    left join sms_replies
        on activities.activity_id = sms_replies.activity_id
    where
        activities.activity_type in ('call', 'email', 'sms')
        and activities.direction = 'outbound'
),

aggregated as (
    select
        rep_id,
        activity_type,
        weekday_local,
        hour_local,
        count(*) as attempts,
        sum(is_connect) as connects,
        sum(is_reply) as replies,
        sum(is_meeting_booked) as meetings_booked,
        sum(connected_talk_time_seconds) as connected_talk_time_seconds
    from attempts
    group by 1, 2, 3, 4
),

final as (
    select
        cast(aggregated.rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(coalesce(reps.team_id, 'unknown') as {{ dbt.type_string() }}) as team_id,
        cast(aggregated.activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(aggregated.weekday_local as {{ dbt.type_int() }}) as weekday_local,
        cast(aggregated.hour_local as {{ dbt.type_int() }}) as hour_local,
        cast(aggregated.attempts as {{ dbt.type_bigint() }}) as attempts,
        cast(aggregated.connects as {{ dbt.type_bigint() }}) as connects,
        cast(aggregated.replies as {{ dbt.type_bigint() }}) as replies,
        cast(aggregated.connects + aggregated.replies as {{ dbt.type_bigint() }})
            as responses,
        cast(aggregated.meetings_booked as {{ dbt.type_bigint() }}) as meetings_booked,
        cast(aggregated.connected_talk_time_seconds as {{ dbt.type_bigint() }})
            as connected_talk_time_seconds,
        cast({{ safe_divide(
            'cast(aggregated.connects + aggregated.replies as double)',
            'aggregated.attempts'
        ) }} as double) as response_rate,
        cast(case when aggregated.activity_type = 'call' then {{ safe_divide(
            'cast(aggregated.connects as double)', 'aggregated.attempts'
        ) }} end as double) as connect_rate,
        cast(case when aggregated.activity_type != 'call' then {{ safe_divide(
            'cast(aggregated.replies as double)', 'aggregated.attempts'
        ) }} end as double) as reply_rate,
        cast(case when aggregated.activity_type = 'call' then {{ safe_divide(
            'cast(aggregated.meetings_booked as double)', 'aggregated.attempts'
        ) }} end as double) as meeting_booked_rate
    from aggregated
    left join reps
        on aggregated.rep_id = reps.rep_id
)

select * from final
