with

base as (
    select * from {{ ref('base_email__events') }}
),

staged as (
    select
        -- ids
        email_event_id,
        message_id,
        -- strings
        event_type,
        -- timestamps
        occurred_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
