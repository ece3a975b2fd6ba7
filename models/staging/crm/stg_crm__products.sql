with

base as (
    select * from {{ ref('base_crm__products') }}
),

staged as (
    select
        -- ids
        product_id,
        -- strings
        product_name,
        product_family,
        currency,
        -- numerics
        list_price_local,
        -- dates
        launched_at,
        -- timestamps
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
