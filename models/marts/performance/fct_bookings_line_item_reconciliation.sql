{#
    Line items against bookings, one row per won opportunity closed on or before the
    as-of date: the opportunity's amount, what its line items add up to (reporting
    currency, rate of the close month), the difference and how bookings by product
    were allocated (int_bookings_allocated_to_line_items):
      matched          the line items add up to the amount
      scaled           they do not: each line gets amount x line / sum of lines, the
                       rounding cents go to the largest line (scale_factor says how much)
      unallocated      no line items (or they total 0): the whole amount is booked to
                       product `unallocated`
      fx_rate_missing  the amount has no FX rate: nothing to allocate
    allocated_bookings always equals amount: the product breakdowns add up to bookings.
#}
with

allocated as (
    select * from {{ ref('int_bookings_allocated_to_line_items') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

per_opportunity as (
    select
        opportunity_id,
        owner_rep_id,
        team_id,
        close_date,
        allocation_method,
        count(line_item_id) as line_items,
        sum(line_amount) as line_items_amount,
        sum(allocated_bookings) as allocated_bookings,
        sum(case when product_id = 'unallocated' then allocated_bookings end)
            as unallocated_bookings
    from allocated
    group by 1, 2, 3, 4, 5
),

joined as (
    select
        per_opportunity.*,
        opportunities.amount,
        opportunities.amount_local,
        opportunities.currency,
        opportunities.amount - per_opportunity.line_items_amount as difference
    from per_opportunity
    inner join opportunities
        on per_opportunity.opportunity_id = opportunities.opportunity_id
),

final as (
    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(close_date as date) as close_date,
        cast(currency as {{ dbt.type_string() }}) as currency,
        cast(amount_local as {{ money_type() }}) as amount_local,
        cast(amount as {{ money_type() }}) as amount,
        cast(line_items as integer) as line_items,
        cast(line_items_amount as {{ money_type() }}) as line_items_amount,
        cast(difference as {{ money_type() }}) as difference,
        cast({{ safe_divide('difference', 'amount') }} as double)
            as difference_share,
        cast({{ safe_divide('amount', 'line_items_amount') }} as double)
            as scale_factor,
        cast(allocation_method as {{ dbt.type_string() }}) as allocation_method,
        cast(allocated_bookings as {{ money_type() }}) as allocated_bookings,
        cast(coalesce(unallocated_bookings, 0) as {{ money_type() }})
            as unallocated_bookings
    from joined
)

select * from final
