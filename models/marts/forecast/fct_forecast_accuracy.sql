{#
    Which forecast to trust, and from when (SPEC §8): the mean absolute percentage error
    of each method per period type, scope and days into the period, over every
    backtested period (fct_forecast_backtest) whose actual bookings were not 0.
#}
with

backtest as (
    select * from {{ ref('fct_forecast_backtest') }}
),

final as (
    select
        method,
        period_type,
        scope,
        days_into_period,
        cast(count(absolute_percentage_error) as integer) as periods_scored,
        -- sums of exact decimals, so the means do not depend on the order of the rows
        {{ safe_divide(
            'sum(cast(absolute_percentage_error as decimal(18, 8)))',
            'count(absolute_percentage_error)') }} as mean_absolute_percentage_error,
        {{ safe_divide('sum(error_amount)', 'count(*)') }} as mean_error_amount
    from backtest
    group by 1, 2, 3, 4
)

select * from final
