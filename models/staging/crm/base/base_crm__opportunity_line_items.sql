{%- set quarantine_rules = [
    {'column': 'line_item_id', 'rule': 'null_key'},
    {'column': 'opportunity_id', 'rule': 'null_required'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'quantity', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'unit_price', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'discount_pct', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'total_price', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'unit_price', 'rule': 'negative_amount'},
    {'column': 'unit_price', 'rule': 'amount_out_of_range'},
    {'column': 'total_price', 'rule': 'negative_amount'},
    {'column': 'total_price', 'rule': 'amount_out_of_range'},
] + impossible_times(['updated_at']) -%}
{%- set raw_types = raw_column_types(
    raw_source('crm', 'crm_opportunity_line_items')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_opportunity_line_items') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('line_item_id') }} as line_item_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('product_id') }} as product_id,
        -- strings
        upper({{ clean_text('currency') }}) as currency,
        -- numerics
        {{ parse_value('quantity', 'int', raw_types) }} as quantity,
        {{ parse_value('unit_price', 'decimal', raw_types) }} as unit_price_local,
        {{ parse_value('discount_pct', 'decimal', raw_types) }} as discount_pct,
        {{ parse_value('total_price', 'decimal', raw_types) }} as total_price_local,
        -- booleans
        {{ parse_value('is_deleted', 'bool', raw_types) }} as is_deleted,
        -- timestamps
        {{ parse_value('updated_at', 'timestamp', raw_types) }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('line_item_id', 'updated_at', 'is_deleted') }} as _row_status
    from renamed
)

select * from classified
