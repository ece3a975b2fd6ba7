{#
    The company scorecard of the last full fiscal quarter before the as-of date
    (compiles to target/compiled/...; run it against the warehouse with any SQL client):
    bookings, deals won and lost, lost to competition, average deal size, win rate,
    sales cycle, open and weighted pipeline at the quarter's end, pipeline velocity,
    growth over the previous quarter and year over year, quota and attainment.
#}
with

scorecard as (
    select * from {{ ref('fct_sales_scorecard') }}
),

company_quarters as (
    select * from scorecard
    where scope = 'company' and period_type = 'quarter'
),

last_full_quarter as (
    select max(period_start) as period_start
    from company_quarters
    where is_period_complete
),

final as (
    select
        company_quarters.period_start,
        company_quarters.period_end,
        company_quarters.bookings,
        company_quarters.deals_won,
        company_quarters.deals_lost,
        company_quarters.deals_lost_to_competitor,
        company_quarters.avg_deal_size,
        company_quarters.win_rate,
        company_quarters.avg_sales_cycle_days,
        company_quarters.pipeline_snapshot_date,
        company_quarters.open_opportunities,
        company_quarters.open_pipeline_amount,
        company_quarters.weighted_pipeline_amount,
        company_quarters.pipeline_velocity,
        company_quarters.previous_period_bookings,
        company_quarters.bookings_growth,
        company_quarters.year_ago_bookings,
        company_quarters.bookings_yoy_growth,
        company_quarters.quota,
        company_quarters.quota_source,
        company_quarters.quota_attainment,
        company_quarters.new_customer_bookings_share,
        company_quarters.new_product_bookings_share
    from company_quarters
    inner join last_full_quarter
        on company_quarters.period_start = last_full_quarter.period_start
)

select * from final
