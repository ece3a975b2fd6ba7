{%- set quarantine_rules = [
    {'column': 'history_id', 'rule': 'null_key'},
    {'column': 'opportunity_id', 'rule': 'null_required'},
    {'column': 'changed_at', 'rule': 'null_required'},
    {'column': 'changed_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'amount', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'amount', 'rule': 'negative_amount'},
    {'column': 'amount', 'rule': 'amount_out_of_range'},
] + impossible_times(['changed_at']) -%}
{%- set raw_types = raw_column_types(
    raw_source('crm', 'crm_opportunity_stage_history')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_opportunity_stage_history') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('history_id') }} as stage_change_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('changed_by_user_id') }} as changed_by_rep_id,
        -- strings
        {{ normalize_category('crm_opportunity_stage_history', 'stage_name') }}
            as stage_name,
        upper({{ clean_text('currency') }}) as currency,
        -- numerics
        {{ parse_value('amount', 'decimal', raw_types) }} as amount_local,
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
        {{ row_status('stage_change_id') }} as _row_status
    from renamed
)

select * from classified
