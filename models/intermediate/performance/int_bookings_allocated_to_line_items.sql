{#
    Bookings of every won opportunity (closed on or before the as-of date,
    int_won_opportunities_booked) spread over its line items
    (int_won_line_items_converted), so that bookings by product, product family and
    product age add up to the opportunity's amount (SPEC §3), one row per won
    opportunity and line item.
      - Line items need not add up to the amount (discounts, services, stale quotes).
        The amount is spread in proportion to the line totals (`scaled`; `matched` when
        they already add up); the cents lost to rounding go to the largest line, so the
        allocations add up exactly.
      - A won deal without line items (or whose lines total zero) gets one row for
        product `unallocated` carrying the whole amount; a deal without an amount (no
        FX rate) one `unallocated` row with a null amount (`fx_rate_missing`).
      - A product is new when launched in the 12 months up to the close date
        (launched_at after close date minus 12 months, and not after the close date);
        `launched_earlier`, `launched_after_close` (bad data), `unknown` (no launch
        date) otherwise.
    fct_bookings_line_item_reconciliation states the difference per opportunity.
#}
with

won as (
    select * from {{ ref('int_won_opportunities_booked') }}
),

won_lines as (
    select * from {{ ref('int_won_line_items_converted') }}
),

line_totals as (
    select
        opportunity_id,
        count(*) as line_items,
        sum(line_amount) as line_items_amount
    from won_lines
    group by 1
),

allocation_basis as (
    select
        won.*,
        coalesce(line_totals.line_items, 0) as line_items,
        line_totals.line_items_amount,
        case
            when won.amount is null then 'fx_rate_missing'
            when line_totals.line_items_amount > 0
                then
                    case
                        when line_totals.line_items_amount = won.amount
                            then 'matched'
                        else 'scaled'
                    end
            else 'unallocated'
        end as allocation_method
    from won
    left join line_totals
        on won.opportunity_id = line_totals.opportunity_id
),

pro_rata_lines as (
    select
        allocation_basis.opportunity_id,
        allocation_basis.owner_rep_id,
        allocation_basis.team_id,
        allocation_basis.close_date,
        allocation_basis.allocation_method,
        allocation_basis.amount,
        won_lines.line_item_id,
        won_lines.product_id,
        won_lines.product_family,
        won_lines.launched_at,
        won_lines.line_amount,
        cast(
            round(
                allocation_basis.amount * coalesce(won_lines.line_amount, 0)
                / allocation_basis.line_items_amount,
                2
            )
            as {{ money_type() }}
        ) as pro_rata_amount,
        row_number() over (
            partition by allocation_basis.opportunity_id
            order by won_lines.line_amount desc nulls last, won_lines.line_item_id asc
        ) as line_rank
    from allocation_basis
    inner join won_lines
        on allocation_basis.opportunity_id = won_lines.opportunity_id
    where allocation_basis.allocation_method in ('matched', 'scaled')
),

pro_rata_lines_summed as (
    select
        *,
        sum(pro_rata_amount) over (partition by opportunity_id)
        - pro_rata_amount as other_lines_amount
    from pro_rata_lines
),

allocated_lines as (
    select
        opportunity_id,
        owner_rep_id,
        team_id,
        close_date,
        allocation_method,
        line_item_id,
        product_id,
        product_family,
        launched_at,
        line_amount,
        case
            when line_rank = 1
                then amount - other_lines_amount
            else pro_rata_amount
        end as allocated_bookings
    from pro_rata_lines_summed
),

unallocated as (
    select
        opportunity_id,
        owner_rep_id,
        team_id,
        close_date,
        allocation_method,
        cast(null as {{ dbt.type_string() }}) as line_item_id,
        'unallocated' as product_id,
        'unallocated' as product_family,
        cast(null as date) as launched_at,
        cast(null as {{ money_type() }}) as line_amount,
        amount as allocated_bookings
    from allocation_basis
    where allocation_method in ('unallocated', 'fx_rate_missing')
),

unioned as (
    select * from allocated_lines
    union all
    select * from unallocated
),

final as (
    select
        {{ dbt.concat([
            'opportunity_id', "':'", "coalesce(line_item_id, 'unallocated')"
        ]) }} as allocation_id,
        opportunity_id,
        line_item_id,
        owner_rep_id,
        team_id,
        close_date,
        allocation_method,
        product_id,
        product_family,
        launched_at,
        case
            when product_id = 'unallocated' then 'unallocated'
            when launched_at is null then 'unknown'
            when
                launched_at <= close_date
                and launched_at > cast(
                    {{ dbt.dateadd('month', -12, 'close_date') }} as date
                )
                then 'launched_last_12_months'
            when launched_at > close_date then 'launched_after_close'
            else 'launched_earlier'
        end as product_launch_bucket,
        line_amount,
        cast(allocated_bookings as {{ money_type() }}) as allocated_bookings
    from unioned
)

select * from final
