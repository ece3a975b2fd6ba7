{#
    The sales scorecard (SPEC §3 performance): one row per period type (month, fiscal
    quarter, fiscal year), period and scope (rep, team, company), from the first month
    of the calendar to the as-of date. Every rate is the period's own summed numerator
    over its summed denominator (safe_divide: null without a denominator):
      - average deal size = bookings / deals won; win rate = won / (won + lost) of the
        deals closed in the period; average sales cycle = sum / count of
        sales_cycle_days of the deals closed in the period;
      - pipeline velocity = open opportunities x average deal size x win rate /
        average sales cycle (money per day), all of the period itself, the open deals
        at the period's snapshot date; null when any part is null or the cycle is 0;
      - growth = bookings / bookings of the previous period of the same type - 1, and
        year-over-year the same against the period a year earlier: null when that
        bookings figure is 0 or unknown (before the first period), never infinite;
      - quota attainment = bookings / quota;
      - SPEC §9: bookings per opportunity type; renewal win rate = renewals won /
        (renewals won + lost); demo-to-win rate = won / closed of the deals closed in
        the period that had a completed demo (fct_opportunities.has_completed_demo).
#}
with

aggregated as (
    select * from {{ ref('int_sales_scorecard_aggregated') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

with_comparison_periods as (
    select
        *,
        case period_type
            {%- for period in scorecard_period_types() %}
            when '{{ period.period_type }}'
                then cast({{ dbt.dateadd(
                    'month', -period.months, 'period_start') }} as date)
            {%- endfor %}
        end as previous_period_start,
        cast({{ dbt.dateadd('month', -12, 'period_start') }} as date)
            as year_ago_period_start
    from aggregated
),

compared as (
    select
        current_period.*,
        previous_period.bookings as previous_period_bookings,
        year_ago.bookings as year_ago_bookings
    from with_comparison_periods as current_period
    left join aggregated as previous_period
        on
            current_period.period_type = previous_period.period_type
            and current_period.scope = previous_period.scope
            and current_period.scope_id = previous_period.scope_id
            and current_period.previous_period_start = previous_period.period_start
    left join aggregated as year_ago
        on
            current_period.period_type = year_ago.period_type
            and current_period.scope = year_ago.scope
            and current_period.scope_id = year_ago.scope_id
            and current_period.year_ago_period_start = year_ago.period_start
),

rates as (
    select
        *,
        deals_won + deals_lost as deals_closed,
        {{ safe_divide('bookings', 'deals_won') }} as avg_deal_size,
        -- 1.0 x: integer division truncates on some engines
        {{ safe_divide('1.0 * deals_won', 'deals_won + deals_lost') }} as win_rate,
        {{ safe_divide('1.0 * sales_cycle_days_sum', 'sales_cycle_deals') }}
            as avg_sales_cycle_days,
        {{ safe_divide('1.0 * renewals_won', 'renewals_won + renewals_lost') }}
            as renewal_win_rate,
        {{ safe_divide('1.0 * demo_deals_won', 'demo_deals_closed') }}
            as demo_to_win_rate
    from compared
),

kpis as (
    select
        rates.*,
        {{ safe_divide(
            'rates.open_opportunities * rates.avg_deal_size * rates.win_rate',
            'rates.avg_sales_cycle_days'
        ) }} as pipeline_velocity,
        {{ safe_divide('rates.bookings', 'rates.previous_period_bookings') }} - 1
            as bookings_growth,
        {{ safe_divide('rates.bookings', 'rates.year_ago_bookings') }} - 1
            as bookings_yoy_growth,
        {{ safe_divide('rates.bookings', 'rates.quota') }} as quota_attainment,
        {{ safe_divide('rates.new_customer_bookings', 'rates.bookings') }}
            as new_customer_bookings_share,
        {{ safe_divide('rates.new_product_bookings', 'rates.bookings') }}
            as new_product_bookings_share,
        rates.period_end <= as_of.as_of_date as is_period_complete
    from rates
    cross join as_of
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        is_period_complete,
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(scope_id as {{ dbt.type_string() }}) as scope_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(bookings as {{ money_type() }}) as bookings,
        cast(deals_won as integer) as deals_won,
        cast(deals_lost as integer) as deals_lost,
        cast(deals_closed as integer) as deals_closed,
        cast(deals_lost_to_competitor as integer) as deals_lost_to_competitor,
        cast(avg_deal_size as {{ money_type() }}) as avg_deal_size,
        cast(win_rate as double) as win_rate,
        cast(sales_cycle_days_sum as bigint) as sales_cycle_days_sum,
        cast(sales_cycle_deals as integer) as sales_cycle_deals,
        cast(avg_sales_cycle_days as double) as avg_sales_cycle_days,
        cast(snapshot_date as date) as pipeline_snapshot_date,
        cast(open_opportunities as integer) as open_opportunities,
        cast(open_pipeline_amount as {{ money_type() }}) as open_pipeline_amount,
        cast(weighted_pipeline_amount as {{ money_type() }})
            as weighted_pipeline_amount,
        cast(pipeline_velocity as double) as pipeline_velocity,
        cast(previous_period_bookings as {{ money_type() }})
            as previous_period_bookings,
        cast(bookings_growth as double) as bookings_growth,
        cast(year_ago_bookings as {{ money_type() }}) as year_ago_bookings,
        cast(bookings_yoy_growth as double) as bookings_yoy_growth,
        cast(quota as {{ money_type() }}) as quota,
        cast(quota_source as {{ dbt.type_string() }}) as quota_source,
        cast(quota_attainment as double) as quota_attainment,
        cast(new_customer_bookings as {{ money_type() }}) as new_customer_bookings,
        cast(new_customer_bookings_share as double) as new_customer_bookings_share,
        cast(new_product_bookings as {{ money_type() }}) as new_product_bookings,
        cast(new_product_bookings_share as double) as new_product_bookings_share,
        cast(fx_rate_missing_won_deals as integer) as fx_rate_missing_won_deals,
        cast(new_business_bookings as {{ money_type() }}) as new_business_bookings,
        cast(expansion_bookings as {{ money_type() }}) as expansion_bookings,
        cast(renewal_bookings as {{ money_type() }}) as renewal_bookings,
        cast(renewals_won as integer) as renewals_won,
        cast(renewals_won + renewals_lost as integer) as renewals_closed,
        cast(renewal_win_rate as double) as renewal_win_rate,
        cast(demo_deals_won as integer) as demo_deals_won,
        cast(demo_deals_closed as integer) as demo_deals_closed,
        cast(demo_to_win_rate as double) as demo_to_win_rate
    from kpis
)

select * from final
