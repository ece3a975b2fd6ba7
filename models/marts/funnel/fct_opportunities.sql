{#
    One row per live opportunity (SPEC §5), as int_opportunities_enriched builds it, plus
    whether it is stuck: open and in its current stage for longer than
    var('stuck_opportunity_days'); and its discount (SPEC §9): Σ list value ×
    discount_pct ÷ Σ list value over its live line items (list value = quantity × unit
    price, in the line items' own currency: the ratio needs no conversion), a fraction
    like the raw discount_pct, null without line items. A line item without a discount
    has none (0).
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

line_items as (
    select * from {{ ref('stg_crm__opportunity_line_items') }}
),

deal_discounts as (
    select
        opportunity_id,
        {{ safe_divide(
            'sum(quantity * unit_price_local * coalesce(discount_pct, 0))',
            'sum(quantity * unit_price_local)'
        ) }} as discount_pct
    from line_items
    group by 1
),

final as (
    select
        opportunities.*,
        coalesce(
            not opportunities.is_closed
            and opportunities.days_in_current_stage
            > {{ var('stuck_opportunity_days') | int }},
            false
        ) as is_stuck,
        cast(deal_discounts.discount_pct as double) as discount_pct,
        cast(
            {{ discount_band('deal_discounts.discount_pct') }}
            as {{ dbt.type_string() }}
        ) as discount_band
    from opportunities
    left join deal_discounts
        on opportunities.opportunity_id = deal_discounts.opportunity_id
)

select * from final
