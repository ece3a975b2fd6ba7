with

base as (
    select * from {{ ref('base_crm__opportunity_line_items') }}
),

staged as (
    select
        -- ids
        line_item_id,
        opportunity_id,
        product_id,
        -- strings
        currency,
        -- numerics
        quantity,
        unit_price_local,
        discount_pct,
        total_price_local,
        -- timestamps
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
