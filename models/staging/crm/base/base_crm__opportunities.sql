{%- set quarantine_rules = [
    {'column': 'opportunity_id', 'rule': 'null_key'},
    {'column': 'created_at', 'rule': 'null_required'},
    {'column': 'created_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'close_date', 'rule': 'unparseable', 'type': 'date'},
    {'column': 'next_step_date', 'rule': 'unparseable', 'type': 'date'},
    {'column': 'amount', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'amount', 'rule': 'negative_amount'},
    {'column': 'amount', 'rule': 'amount_out_of_range'},
    {'column': 'probability', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'probability', 'rule': 'out_of_range', 'min': 0, 'max': 100},
] + impossible_times(['created_at', 'updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_opportunities')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_opportunities') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('owner_user_id') }} as owner_rep_id,
        -- strings
        {{ clean_text('opportunity_name') }} as opportunity_name,
        {{ normalize_category("crm_opportunities", "opportunity_type") }}
            as opportunity_type,
        lower({{ clean_text('lead_source') }}) as lead_source,
        upper({{ clean_text('currency') }}) as currency,
        {{ normalize_category('crm_opportunities', 'stage_name') }} as stage_name,
        {{ normalize_category('crm_opportunities', 'forecast_category') }}
            as forecast_category,
        {{ normalize_category('crm_opportunities', 'loss_reason') }} as loss_reason,
        {{ clean_text('competitor_name') }} as competitor_name,
        {{ clean_text('next_step') }} as next_step,
        -- numerics
        {{ parse_value('amount', 'decimal', raw_types) }} as amount_local,
        {{ parse_value('probability', 'int', raw_types) }} as probability,
        -- booleans
        {{ parse_value('is_closed', 'bool', raw_types) }} as is_closed,
        {{ parse_value('is_won', 'bool', raw_types) }} as is_won,
        {{ parse_value('is_deleted', 'bool', raw_types) }} as is_deleted,
        -- dates
        {{ parse_value('close_date', 'date', raw_types) }} as close_date,
        {{ parse_value('next_step_date', 'date', raw_types) }} as next_step_date,
        -- timestamps
        {{ parse_value('created_at', 'timestamp', raw_types) }} as created_at,
        {{ parse_value('updated_at', 'timestamp', raw_types) }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('opportunity_id', 'updated_at', 'is_deleted') }} as _row_status
    from renamed
)

select * from classified
