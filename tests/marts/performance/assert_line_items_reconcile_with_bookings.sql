-- Line items against bookings: every won deal closed on or before the as-of date has
-- exactly one reconciliation row whose allocated bookings equal its amount; a deal
-- whose line items (recomputed here in its own currency from staging) do not add up
-- to its amount is never `matched`, and one without line items is `unallocated`.
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

line_items as (
    select * from {{ ref('stg_crm__opportunity_line_items') }}
),

reconciliation as (
    select * from {{ ref('fct_bookings_line_item_reconciliation') }}
),

won as (
    select
        opportunity_id,
        amount,
        amount_local
    from opportunities
    where is_won and close_date <= {{ as_of_date() }}
),

local_line_totals as (
    select
        opportunity_id,
        count(*) as line_items,
        sum(total_price_local) as line_items_amount_local
    from line_items
    group by 1
),

checked as (
    select
        won.opportunity_id,
        won.amount,
        reconciliation.allocated_bookings,
        reconciliation.allocation_method,
        local_line_totals.line_items_amount_local,
        won.amount_local,
        case
            when reconciliation.opportunity_id is null
                then 'missing from reconciliation'
            when
                won.amount is not null
                and reconciliation.allocated_bookings != won.amount
                then 'allocated bookings differ from the amount'
            when
                local_line_totals.opportunity_id is null
                and reconciliation.allocation_method not in (
                    'unallocated', 'fx_rate_missing'
                )
                then 'deal without line items is not unallocated'
            when
                reconciliation.allocation_method = 'matched'
                and local_line_totals.line_items_amount_local != won.amount_local
                then 'line items differ from the amount but marked matched'
        end as problem
    from won
    left join reconciliation
        on won.opportunity_id = reconciliation.opportunity_id
    left join local_line_totals
        on won.opportunity_id = local_line_totals.opportunity_id
)

select * from checked
where problem is not null
