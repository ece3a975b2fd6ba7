{#
    Win rate and sales cycle (SPEC §3) per close month at the finest slice grain: closed,
    won and lost opportunities and the sums behind the sales-cycle mean, plus the open
    deals expected to close that month. Win rate = won / (won + lost) over opportunities
    closed in the period: open ones do not count, and a month with nothing closed has a
    null win rate. For any coarser slice, sum the counts first and then divide. Medians
    of the sales cycle need the deal rows: fct_opportunities.sales_cycle_days.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

dated as (
    select * from opportunities
    where close_date is not null
),

aggregated as (
    select
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as close_month,
        owner_rep_id,
        team_id,
        channel,
        lead_source,
        segment,
        region,
        is_new_customer,
        product_family,
        sum(case when is_closed then 1 else 0 end) as closed_opportunities,
        sum(case when is_closed and is_won then 1 else 0 end) as won_opportunities,
        sum(case when is_closed and not is_won then 1 else 0 end)
            as lost_opportunities,
        sum(case when not is_closed then 1 else 0 end) as open_opportunities,
        sum(case when is_closed and is_won then amount else 0 end) as won_amount,
        sum(case when is_closed then sales_cycle_days end) as sales_cycle_days_sum,
        count(case when is_closed then sales_cycle_days end)
            as sales_cycle_opportunities
    from dated
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
),

final as (
    select
        close_month,
        owner_rep_id,
        team_id,
        channel,
        lead_source,
        segment,
        region,
        is_new_customer,
        product_family,
        cast(closed_opportunities as integer) as closed_opportunities,
        cast(won_opportunities as integer) as won_opportunities,
        cast(lost_opportunities as integer) as lost_opportunities,
        cast(open_opportunities as integer) as open_opportunities,
        cast(won_amount as {{ money_type() }}) as won_amount,
        cast(sales_cycle_days_sum as bigint) as sales_cycle_days_sum,
        cast(sales_cycle_opportunities as integer) as sales_cycle_opportunities,
        cast(
            {{ safe_divide(
                'won_opportunities', 'won_opportunities + lost_opportunities'
            ) }}
            as double
        ) as win_rate,
        cast(
            {{ safe_divide('sales_cycle_days_sum', 'sales_cycle_opportunities') }}
            as double
        ) as avg_sales_cycle_days
    from aggregated
)

select * from final
