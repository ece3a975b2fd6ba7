{#
    email_events from HubSpot's email events: `sent_by_id` names the email, the type
    (OPEN, CLICK, ...) through the synonyms seed. HubSpot's own marketing emails name
    their SENT event, no rep's email: their events link to no message (counted by the
    staging audit like any event before its message).
#}
with

events as (
    select * from {{ source('hubspot', 'email_event') }}
    where {{ adapter_row_scope('hubspot', 'email_event') }} = 'email_events'
),

adapted as (
    select
        id as event_id,
        sent_by_id as message_id,
        type as event_type,
        created as occurred_at,
        _fivetran_synced as _loaded_at
    from events
)

select * from adapted
