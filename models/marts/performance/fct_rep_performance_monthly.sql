{#
    Rep performance per month (SPEC §5): the rep rows of the monthly sales scorecard
    (fct_sales_scorecard), with the SPEC's names, so that the two never disagree.
    Teams, the company, fiscal quarters and years: fct_sales_scorecard.
#}
with

scorecard as (
    select * from {{ ref('fct_sales_scorecard') }}
),

final as (
    select
        period_start as month_start,
        scope_id as rep_id,
        team_id,
        is_period_complete as is_month_complete,
        bookings,
        deals_won,
        deals_lost,
        deals_closed,
        deals_lost_to_competitor,
        avg_deal_size,
        win_rate,
        sales_cycle_days_sum,
        sales_cycle_deals,
        avg_sales_cycle_days,
        open_opportunities,
        open_pipeline_amount,
        weighted_pipeline_amount,
        pipeline_velocity,
        quota,
        quota_source,
        quota_attainment,
        previous_period_bookings as previous_month_bookings,
        bookings_growth as bookings_mom_growth,
        year_ago_bookings,
        bookings_yoy_growth,
        new_customer_bookings,
        new_product_bookings,
        fx_rate_missing_won_deals
    from scorecard
    where period_type = 'month' and scope = 'rep'
)

select * from final
