{%- set quarantine_rules = [
    {'column': 'call_id', 'rule': 'null_key'},
    {'column': 'started_at', 'rule': 'null_required'},
    {'column': 'started_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'answered_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'ended_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'duration_seconds', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'ended_at', 'rule': 'end_before_start', 'start': 'started_at',
     'type': 'timestamp'},
    {'column': 'duration_seconds', 'rule': 'out_of_range', 'min': 0, 'max': 86400},
] + impossible_times(['started_at']) -%}
{%- set raw_types = raw_column_types(raw_source('telephony', 'telephony_calls')) -%}

with

source as (
    select * from {{ raw_source('telephony', 'telephony_calls') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('call_id') }} as call_id,
        {{ clean_text('user_id') }} as rep_id,
        -- strings
        {{ normalize_category('telephony_calls', 'direction') }} as direction,
        {{ normalize_phone('from_number') }} as from_number,
        {{ normalize_phone('to_number') }} as to_number,
        {{ normalize_category('telephony_calls', 'disposition') }} as disposition,
        -- numerics
        {{ parse_value('duration_seconds', 'int', raw_types) }} as duration_seconds,
        -- timestamps
        {{ parse_value('started_at', 'timestamp', raw_types) }} as started_at,
        {{ parse_value('answered_at', 'timestamp', raw_types) }} as answered_at,
        {{ parse_value('ended_at', 'timestamp', raw_types) }} as ended_at,
        -- record links, when the source knows them (optional, SPEC §7)
        {{ clean_text(optional_raw_column('contact_id', raw_types)) }} as contact_id,
        {{ clean_text(optional_raw_column('lead_id', raw_types)) }} as lead_id,
        {{ clean_text(optional_raw_column('account_id', raw_types)) }} as account_id,
        {{ clean_text(optional_raw_column('opportunity_id', raw_types)) }}
            as opportunity_id,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('call_id') }} as _row_status
    from renamed
)

select * from classified
