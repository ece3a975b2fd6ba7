{%- set quarantine_rules = [
    {'column': 'history_id', 'rule': 'null_key'},
    {'column': 'lead_id', 'rule': 'null_required'},
    {'column': 'changed_at', 'rule': 'null_required'},
    {'column': 'changed_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['changed_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_lead_status_history')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_lead_status_history') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('history_id') }} as lead_status_change_id,
        {{ clean_text('lead_id') }} as lead_id,
        -- strings
        {{ normalize_category('crm_lead_status_history', 'status') }} as status,
        -- timestamps
        {{ parse_value('changed_at', 'timestamp', raw_types) }} as changed_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('lead_status_change_id') }} as _row_status
    from renamed
)

select * from classified
