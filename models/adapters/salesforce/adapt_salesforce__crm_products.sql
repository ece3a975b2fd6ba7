{#
    crm_products from Salesforce's products. A product's price lives in price books:
    the list price is the field var salesforce_fields.product_list_price names (null
    when the org has none); the launch date is the product's creation.
#}
{%- set raw_types = raw_column_types(source('salesforce', 'product_2')) -%}

with

products as (
    select * from {{ source('salesforce', 'product_2') }}
    where {{ adapter_row_scope('salesforce', 'product_2') }} = 'crm_products'
),

adapted as (
    select
        id as product_id,
        name as product_name,
        family as product_family,
        created_date as launched_at,
        {{ adapter_field('salesforce', 'product_list_price', raw_types) }}
            as list_price,
        {{ salesforce_currency(raw_types) }} as currency,
        last_modified_date as updated_at,
        _fivetran_synced as _loaded_at
    from products
)

select * from adapted
