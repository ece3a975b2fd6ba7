{%- set quarantine_rules = [
    {'column': 'event_id', 'rule': 'null_key'},
    {'column': 'message_id', 'rule': 'null_required'},
    {'column': 'occurred_at', 'rule': 'null_required'},
    {'column': 'occurred_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['occurred_at']) -%}
{%- set raw_types = raw_column_types(raw_source('email', 'email_events')) -%}

with

source as (
    select * from {{ raw_source('email', 'email_events') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('event_id') }} as email_event_id,
        {{ clean_text('message_id') }} as message_id,
        -- strings
        {{ normalize_category('email_events', 'event_type') }} as event_type,
        -- timestamps
        {{ parse_value('occurred_at', 'timestamp', raw_types) }} as occurred_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('email_event_id') }} as _row_status
    from renamed
)

select * from classified
