{%- set quarantine_rules = [
    {'column': 'product_id', 'rule': 'null_key'},
    {'column': 'launched_at', 'rule': 'unparseable', 'type': 'date'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'list_price', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'list_price', 'rule': 'negative_amount'},
    {'column': 'list_price', 'rule': 'amount_out_of_range'},
] + impossible_times(['updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_products')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_products') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('product_id') }} as product_id,
        -- strings
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('product_family') }} as product_family,
        upper({{ clean_text('currency') }}) as currency,
        -- numerics
        {{ parse_value('list_price', 'decimal', raw_types) }} as list_price_local,
        -- dates (SPEC names the launch date launched_at)
        {{ parse_value('launched_at', 'date', raw_types) }} as launched_at,
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
        {{ row_status('product_id', version_column='updated_at') }} as _row_status
    from renamed
)

select * from classified
