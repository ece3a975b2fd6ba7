{#
    Win rate and sales cycle (SPEC §3) per close month at the finest slice grain: closed,
    won and lost opportunities and the sums behind the sales-cycle mean. Win rate =
    won / (won + lost) over opportunities closed in the period (open ones do not count);
    for any coarser slice, sum the counts first and then divide. Medians of the sales
    cycle need the deal rows: fct_opportunities.sales_cycle_days.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

closed as (
    select * from opportunities
    where is_closed and close_date is not null
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
        count(*) as closed_opportunities,
        sum(case when is_won then 1 else 0 end) as won_opportunities,
        sum(case when is_won then 0 else 1 end) as lost_opportunities,
        sum(case when is_won then amount else 0 end) as won_amount,
        sum(sales_cycle_days) as sales_cycle_days_sum,
        count(sales_cycle_days) as sales_cycle_opportunities
    from closed
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
