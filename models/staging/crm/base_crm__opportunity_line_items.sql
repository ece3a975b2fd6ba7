{%- set quarantine_rules = [
    {'column': 'line_item_id', 'rule': 'null_key'},
    {'column': 'opportunity_id', 'rule': 'null_required'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'quantity', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'unit_price', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'discount_pct', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'total_price', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'unit_price', 'rule': 'negative_amount'},
    {'column': 'total_price', 'rule': 'negative_amount'},
] -%}

with

source as (
    select * from {{ source('crm', 'crm_opportunity_line_items') }}
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
        {{ parse_value('quantity', 'int') }} as quantity,
        {{ parse_value('unit_price', 'decimal') }} as unit_price_local,
        {{ parse_value('discount_pct', 'decimal') }} as discount_pct,
        {{ parse_value('total_price', 'decimal') }} as total_price_local,
        -- booleans
        {{ parse_value('is_deleted', 'bool') }} as is_deleted,
        -- timestamps
        {{ parse_value('updated_at', 'timestamp') }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp') }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('line_item_id', 'updated_at', 'is_deleted') }} as _row_status
    from renamed
)

select * from classified
