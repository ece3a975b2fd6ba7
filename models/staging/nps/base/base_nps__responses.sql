{%- set quarantine_rules = [
    {'column': 'response_id', 'rule': 'null_key'},
    {'column': 'score', 'rule': 'null_required'},
    {'column': 'score', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'score', 'rule': 'out_of_range', 'min': 0, 'max': 10},
    {'column': 'responded_at', 'rule': 'null_required'},
    {'column': 'responded_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['responded_at']) -%}
{%- set raw_types = raw_column_types(raw_source('nps', 'nps_responses')) -%}

with

source as (
    select * from {{ raw_source('nps', 'nps_responses') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('response_id') }} as nps_response_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('contact_id') }} as contact_id,
        -- numerics
        {{ parse_value('score', 'int', raw_types) }} as score,
        -- timestamps
        {{ parse_value('responded_at', 'timestamp', raw_types) }} as responded_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('nps_response_id') }} as _row_status
    from renamed
)

select * from classified
