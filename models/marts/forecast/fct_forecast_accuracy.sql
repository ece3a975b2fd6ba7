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
        cast(avg(absolute_percentage_error) as double)
            as mean_absolute_percentage_error,
        cast(avg(error_amount) as double) as mean_error_amount
    from backtest
    group by 1, 2, 3, 4
)

select * from final
