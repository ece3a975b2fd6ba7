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
    The SMS replies are counted per slot apart and joined to the aggregate: only the
    outbound SMS meet int_sms_replies_matched, not every attempt (scale 30: 1M of
    15.5M).
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
            else 0
        end as is_email_reply,
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
    where
        activities.activity_type in ('call', 'email', 'sms')
        and activities.direction = 'outbound'
),

-- Reads fct_activities itself, not the CTE above: DuckDB materializes a CTE read twice
-- whole, while a model read directly is filtered in its scan.
sms_replies_by_slot as (
    select
        outbound_sms.rep_id,
        outbound_sms.activity_type,
        outbound_sms.occurred_weekday_local as weekday_local,
        outbound_sms.occurred_hour_local as hour_local,
        count(*) as sms_replies
    from {{ ref('fct_activities') }} as outbound_sms
    inner join sms_replies
        on outbound_sms.activity_id = sms_replies.activity_id
    where
        outbound_sms.activity_type = 'sms'
        and outbound_sms.direction = 'outbound'
        and sms_replies.is_replied
    group by 1, 2, 3, 4
),

aggregated as (
    select
        rep_id,
        activity_type,
        weekday_local,
        hour_local,
        count(*) as attempts,
        sum(is_connect) as connects,
        sum(is_email_reply) as email_replies,
        sum(is_meeting_booked) as meetings_booked,
        sum(connected_talk_time_seconds) as connected_talk_time_seconds
    from attempts
    group by 1, 2, 3, 4
),

slots as (
    select
        aggregated.rep_id,
        aggregated.activity_type,
        aggregated.weekday_local,
        aggregated.hour_local,
        aggregated.attempts,
        aggregated.connects,
        aggregated.email_replies + coalesce(sms_replies_by_slot.sms_replies, 0)
            as replies,
        aggregated.meetings_booked,
        aggregated.connected_talk_time_seconds
    from aggregated
    left join sms_replies_by_slot
        on
            aggregated.rep_id = sms_replies_by_slot.rep_id
            and aggregated.activity_type = sms_replies_by_slot.activity_type
            and aggregated.weekday_local = sms_replies_by_slot.weekday_local
            and aggregated.hour_local = sms_replies_by_slot.hour_local
),

final as (
    select
        cast(slots.rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(coalesce(reps.team_id, 'unknown') as {{ dbt.type_string() }}) as team_id,
        cast(slots.activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(slots.weekday_local as {{ dbt.type_int() }}) as weekday_local,
        cast(slots.hour_local as {{ dbt.type_int() }}) as hour_local,
        cast(slots.attempts as {{ dbt.type_bigint() }}) as attempts,
        cast(slots.connects as {{ dbt.type_bigint() }}) as connects,
        cast(slots.replies as {{ dbt.type_bigint() }}) as replies,
        cast(slots.connects + slots.replies as {{ dbt.type_bigint() }})
            as responses,
        cast(slots.meetings_booked as {{ dbt.type_bigint() }}) as meetings_booked,
        cast(slots.connected_talk_time_seconds as {{ dbt.type_bigint() }})
            as connected_talk_time_seconds,
        cast({{ safe_divide(
            'cast(slots.connects + slots.replies as double)',
            'slots.attempts'
        ) }} as double) as response_rate,
        cast(case when slots.activity_type = 'call' then {{ safe_divide(
            'cast(slots.connects as double)', 'slots.attempts'
        ) }} end as double) as connect_rate,
        cast(case when slots.activity_type != 'call' then {{ safe_divide(
            'cast(slots.replies as double)', 'slots.attempts'
        ) }} end as double) as reply_rate,
        cast(case when slots.activity_type = 'call' then {{ safe_divide(
            'cast(slots.meetings_booked as double)', 'slots.attempts'
        ) }} end as double) as meeting_booked_rate
    from slots
    left join reps
        on slots.rep_id = reps.rep_id
)

select * from final
