{%- set quarantine_rules = [
    {'column': 'history_id', 'rule': 'null_key'},
    {'column': 'opportunity_id', 'rule': 'null_required'},
    {'column': 'changed_at', 'rule': 'null_required'},
    {'column': 'changed_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'amount', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'amount', 'rule': 'negative_amount'},
    {'column': 'amount', 'rule': 'amount_out_of_range'},
    {'column': 'close_date', 'rule': 'unparseable', 'type': 'date', 'optional': true},
    {'column': 'probability', 'rule': 'unparseable', 'type': 'int', 'optional': true},
    {'column': 'probability', 'rule': 'out_of_range', 'min': 0, 'max': 100,
        'optional': true},
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
        -- the deal as of the change, when the source carries it (optional, SPEC §8)
        {{ clean_text(optional_raw_column('owner_user_id', raw_types)) }}
            as owner_rep_id,
        {{ normalize_category(
            'crm_opportunity_stage_history', 'forecast_category', raw_types) }}
            as forecast_category,
        {{ parse_value(
            optional_raw_column('probability', raw_types), 'int', raw_types) }}
            as probability,
        {{ parse_value(
            optional_raw_column('close_date', raw_types), 'date', raw_types) }}
            as close_date,
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
