{#
    The product family of each opportunity, for slicing the opportunity funnel: the
    family of its largest live line item (by local total, ties by product id), so each
    opportunity counts once and slices stay additive. No line items: `unknown`.
#}
with

line_items as (
    select * from {{ ref('stg_crm__opportunity_line_items') }}
),

products as (
    select * from {{ ref('stg_crm__products') }}
),

ranked_items as (
    select
        line_items.opportunity_id,
        coalesce(products.product_family, 'unknown') as product_family,
        row_number() over (
            partition by line_items.opportunity_id
            order by
                line_items.total_price_local desc nulls last, line_items.product_id asc
        ) as item_rank
    from line_items
    left join products
        on line_items.product_id = products.product_id
),

primary_family as (
    select
        opportunity_id,
        product_family
    from ranked_items
    where item_rank = 1
)

select * from primary_family
