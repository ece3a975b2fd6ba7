{#
    Tracking of every staged email message (SPEC §3): whether it has at least one
    delivered, opened, clicked, replied or bounced event, whenever the event arrived
    (loaded before its message or days late, it counts all the same). Unique per
    message: three opens of one message make one opened message. An event whose message
    is not staged matches no row here and counts nowhere (it stays in
    stg_email__events).
#}

with

email_messages as (
    select * from {{ ref('stg_email__messages') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),

-- Events are aggregated per message before the join: one row per message.
events_per_message as (
    select
        message_id,
        max(case when event_type = 'delivered' then 1 else 0 end) as is_delivered,
        max(case when event_type = 'opened' then 1 else 0 end) as is_opened,
        max(case when event_type = 'clicked' then 1 else 0 end) as is_clicked,
        max(case when event_type = 'replied' then 1 else 0 end) as is_replied,
        max(case when event_type = 'bounced' then 1 else 0 end) as is_bounced,
        sum(case when event_type = 'opened' then 1 else 0 end) as open_events,
        min(case when event_type = 'replied' then occurred_at end) as first_replied_at
    from email_events
    group by 1
),

final as (
    select
        {{ dbt.concat(["'email:'", 'email_messages.message_id']) }} as activity_id,
        email_messages.message_id,
        email_messages.direction,
        email_messages.sent_at,
        coalesce(events_per_message.is_delivered, 0) = 1 as is_delivered,
        coalesce(events_per_message.is_opened, 0) = 1 as is_opened,
        coalesce(events_per_message.is_clicked, 0) = 1 as is_clicked,
        coalesce(events_per_message.is_replied, 0) = 1 as is_replied,
        coalesce(events_per_message.is_bounced, 0) = 1 as is_bounced,
        coalesce(events_per_message.open_events, 0) as open_events,
        events_per_message.first_replied_at
    from email_messages
    left join events_per_message
        on email_messages.message_id = events_per_message.message_id
)

select * from final
