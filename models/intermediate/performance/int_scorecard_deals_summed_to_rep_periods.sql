{#
    The deal facts of the sales scorecard (SPEC §3 performance) per period type (month,
    fiscal quarter, fiscal year), period, owner rep and the owner's team: deals count by
    close date (on or before the as-of date), bookings = won amount in the reporting
    currency; won, lost, lost to competition (loss_reason `competitor`); the sum and count
    of sales_cycle_days over closed deals; bookings from new customers, and from products
    launched in the 12 months before the close (int_bookings_allocated_to_line_items);
    SPEC §9: bookings per opportunity type (new_business, expansion, renewal), renewals
    won and lost, and the won and closed deals that had a completed demo.
    Months first, then the periods containing them (int_months_assigned_to_periods).
    int_sales_scorecard_aggregated rolls these up to teams and the company.
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

allocated_bookings as (
    select * from {{ ref('int_bookings_allocated_to_line_items') }}
),

period_months as (
    select * from {{ ref('int_months_assigned_to_periods') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

closed_deals as (
    select
        cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            as month_start,
        opportunities.owner_rep_id,
        opportunities.team_id,
        opportunities.is_won,
        opportunities.amount,
        opportunities.loss_reason,
        opportunities.sales_cycle_days,
        opportunities.is_new_customer,
        opportunities.opportunity_type,
        opportunities.has_completed_demo
    from opportunities
    cross join as_of
    where
        opportunities.is_closed
        and opportunities.close_date <= as_of.as_of_date
),

monthly_deal_facts as (
    select
        month_start,
        owner_rep_id,
        team_id,
        sum(case when is_won then amount else 0 end) as bookings,
        sum(case when is_won then 1 else 0 end) as deals_won,
        sum(case when not is_won then 1 else 0 end) as deals_lost,
        sum(case when not is_won and loss_reason = 'competitor' then 1 else 0 end)
            as deals_lost_to_competitor,
        sum(sales_cycle_days) as sales_cycle_days_sum,
        count(sales_cycle_days) as sales_cycle_deals,
        sum(case when is_won and is_new_customer then amount else 0 end)
            as new_customer_bookings,
        cast(0 as {{ money_type() }}) as new_product_bookings,
        sum(
            case
                when is_won and opportunity_type = 'new_business' then amount else 0
            end
        ) as new_business_bookings,
        sum(case when is_won and opportunity_type = 'expansion' then amount else 0 end)
            as expansion_bookings,
        sum(case when is_won and opportunity_type = 'renewal' then amount else 0 end)
            as renewal_bookings,
        sum(case when is_won and opportunity_type = 'renewal' then 1 else 0 end)
            as renewals_won,
        sum(case when not is_won and opportunity_type = 'renewal' then 1 else 0 end)
            as renewals_lost,
        sum(case when is_won and has_completed_demo then 1 else 0 end)
            as demo_deals_won,
        sum(case when has_completed_demo then 1 else 0 end) as demo_deals_closed,
        sum(case when is_won and amount is null then 1 else 0 end)
            as fx_rate_missing_won_deals
    from closed_deals
    group by 1, 2, 3
),

monthly_new_product_facts as (
    select
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as month_start,
        owner_rep_id,
        team_id,
        0 as bookings,
        0 as deals_won,
        0 as deals_lost,
        0 as deals_lost_to_competitor,
        0 as sales_cycle_days_sum,
        0 as sales_cycle_deals,
        0 as new_customer_bookings,
        sum(allocated_bookings) as new_product_bookings,
        0 as new_business_bookings,
        0 as expansion_bookings,
        0 as renewal_bookings,
        0 as renewals_won,
        0 as renewals_lost,
        0 as demo_deals_won,
        0 as demo_deals_closed,
        0 as fx_rate_missing_won_deals
    from allocated_bookings
    where product_launch_bucket = 'launched_last_12_months'
    group by 1, 2, 3
),

monthly_facts as (
    select * from monthly_deal_facts
    union all
    select * from monthly_new_product_facts
),

period_rep_facts as (
    select
        period_months.period_type,
        period_months.period_start,
        monthly_facts.owner_rep_id,
        monthly_facts.team_id,
        sum(monthly_facts.bookings) as bookings,
        sum(monthly_facts.deals_won) as deals_won,
        sum(monthly_facts.deals_lost) as deals_lost,
        sum(monthly_facts.deals_lost_to_competitor) as deals_lost_to_competitor,
        sum(monthly_facts.sales_cycle_days_sum) as sales_cycle_days_sum,
        sum(monthly_facts.sales_cycle_deals) as sales_cycle_deals,
        sum(monthly_facts.new_customer_bookings) as new_customer_bookings,
        sum(monthly_facts.new_product_bookings) as new_product_bookings,
        sum(monthly_facts.new_business_bookings) as new_business_bookings,
        sum(monthly_facts.expansion_bookings) as expansion_bookings,
        sum(monthly_facts.renewal_bookings) as renewal_bookings,
        sum(monthly_facts.renewals_won) as renewals_won,
        sum(monthly_facts.renewals_lost) as renewals_lost,
        sum(monthly_facts.demo_deals_won) as demo_deals_won,
        sum(monthly_facts.demo_deals_closed) as demo_deals_closed,
        sum(monthly_facts.fx_rate_missing_won_deals) as fx_rate_missing_won_deals
    from monthly_facts
    inner join period_months
        on monthly_facts.month_start = period_months.month_start
    group by 1, 2, 3, 4
)

select * from period_rep_facts
