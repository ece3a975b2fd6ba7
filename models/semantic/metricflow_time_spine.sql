{#
    MetricFlow's time spine (one row per day) with the project's fiscal calendar as
    custom granularities, so that `metric_time__fiscal_quarter` and
    `metric_time__fiscal_year` follow var('fiscal_year_start_month') exactly as
    dim_date and the scorecard do. It reads dim_date, so it spans the data and the goal
    periods, never a fixed range.
#}
with

dates as (
    select * from {{ ref('dim_date') }}
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(quarter_start as date) as fiscal_quarter_start,
        cast(fiscal_year_start as date) as fiscal_year_start
    from dates
)

select * from final
