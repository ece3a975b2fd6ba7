{#
    Tracking of every staged email message (SPEC §3): whether it has at least one
    delivered, opened, clicked, replied or bounced event, whenever the event arrived
    (loaded before its message or days late, it counts all the same). Unique per
    message: three opens of one message make one opened message. An event whose message
    is not staged matches no row here and counts nowhere (it stays in
    stg_email__events).
    Incremental (README, "Incremental models"), on message_id: a run recomputes the
    messages with a record or an event loaded in the look-back window
    (changed_email_message_ids(): also the old message of an event whose new version
    names another one), from all their events. `_loaded_at` is the latest load of the
    message or any of its events (the model's watermark); a recomputed row carries the
    run's stamp (`_recomputed_at`), which int_rep_activity_contributions reads.
#}

{{ config(
    materialized=incremental_materialization(),
    incremental_strategy=incremental_strategy(),
    unique_key='message_id'
) }}
{{ changed_activity_dependencies() }}

with

email_messages as (
    select * from {{ ref('stg_email__messages') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),
{%- if is_incremental() %}

changed_messages as (
    {{ changed_email_message_ids() }}
),
{%- endif %}

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
        min(case when event_type = 'replied' then occurred_at end) as first_replied_at,
        max(_loaded_at) as last_event_loaded_at
    from email_events
    where {{ is_changed_key('message_id', 'changed_messages', 'message_id') }}
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
        events_per_message.first_replied_at,
        case
            when events_per_message.last_event_loaded_at > email_messages._loaded_at
                then events_per_message.last_event_loaded_at
            else email_messages._loaded_at
        end as _loaded_at,
        {{ run_started_timestamp() }} as _recomputed_at
    from email_messages
    left join events_per_message
        on email_messages.message_id = events_per_message.message_id
    where {{ is_changed_key(
        'email_messages.message_id', 'changed_messages', 'message_id'
    ) }}
)

select * from final
