-- The scorecard's scopes agree: for every period type and period, the reps' and the
-- teams' bookings, deals, sales-cycle sums and open pipeline add up to the company's,
-- and the lost deals by reason and competitor add up to the company's deals lost.
with

scorecard as (
    select * from {{ ref('fct_sales_scorecard') }}
),

lost_deals as (
    select * from {{ ref('fct_lost_deals_monthly') }}
),

by_scope as (
    select
        period_type,
        period_start,
        scope,
        sum(bookings) as bookings,
        sum(deals_won) as deals_won,
        sum(deals_lost) as deals_lost,
        sum(deals_lost_to_competitor) as deals_lost_to_competitor,
        sum(sales_cycle_days_sum) as sales_cycle_days_sum,
        sum(open_opportunities) as open_opportunities,
        sum(open_pipeline_amount) as open_pipeline_amount
    from scorecard
    group by 1, 2, 3
),

lost_by_month as (
    select
        close_month,
        sum(deals_lost) as deals_lost,
        sum(case when is_lost_to_competitor then deals_lost else 0 end)
            as deals_lost_to_competitor
    from lost_deals
    group by 1
),

company as (
    select * from by_scope
    where scope = 'company'
),

scope_mismatches as (
    select
        by_scope.period_type,
        by_scope.period_start,
        by_scope.scope,
        'scope totals differ from the company' as problem
    from by_scope
    inner join company
        on
            by_scope.period_type = company.period_type
            and by_scope.period_start = company.period_start
    where
        by_scope.scope != 'company'
        and (
            by_scope.bookings != company.bookings
            or by_scope.deals_won != company.deals_won
            or by_scope.deals_lost != company.deals_lost
            or by_scope.deals_lost_to_competitor != company.deals_lost_to_competitor
            or by_scope.sales_cycle_days_sum != company.sales_cycle_days_sum
            or by_scope.open_opportunities != company.open_opportunities
            or by_scope.open_pipeline_amount != company.open_pipeline_amount
        )
),

lost_mismatches as (
    select
        company.period_type,
        company.period_start,
        'lost deals' as scope,
        'fct_lost_deals_monthly differs from the scorecard' as problem
    from company
    left join lost_by_month
        on company.period_start = lost_by_month.close_month
    where
        company.period_type = 'month'
        and (
            company.deals_lost != coalesce(lost_by_month.deals_lost, 0)
            or company.deals_lost_to_competitor
            != coalesce(lost_by_month.deals_lost_to_competitor, 0)
        )
)

select * from scope_mismatches
union all
select * from lost_mismatches
