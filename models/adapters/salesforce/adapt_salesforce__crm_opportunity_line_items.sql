{# crm_opportunity_line_items from Salesforce's opportunity line items. #}
{%- set raw_types = raw_column_types(source('salesforce', 'opportunity_line_item')) -%}

with

line_items as (
    select * from {{ source('salesforce', 'opportunity_line_item') }}
    where
        {{ adapter_row_scope('salesforce', 'opportunity_line_item') }}
        = 'crm_opportunity_line_items'
),

adapted as (
    select
        id as line_item_id,
        opportunity_id,
        product_2_id as product_id,
        quantity,
        unit_price,
        -- Salesforce's Discount is a percent (10 = 10 %), the contract's a fraction;
        -- a value that does not parse stays as it is, for staging to quarantine
        coalesce(
            cast(
                {{ parse_value('discount', 'decimal', raw_types) }} / 100
                as {{ dbt.type_string() }}
            ),
            cast(discount as {{ dbt.type_string() }})
        ) as discount_pct,
        total_price,
        {{ salesforce_currency(raw_types) }} as currency,
        last_modified_date as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from line_items
)

select * from adapted
