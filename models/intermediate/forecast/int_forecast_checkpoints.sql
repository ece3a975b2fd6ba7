{#
    The days a forecast is made on (SPEC §8 backtest): for every month and fiscal
    quarter begun by the as-of date, its first day and every Monday in it up to the
    as-of date, plus the as-of date itself in the current periods (the live forecast).
    With each: the days into the period and left in it, and the company calendar's
    working days elapsed by the end of the checkpoint and in the whole period (for the
    run-rate projection). A period is complete when it ended on or before the as-of
    date: only complete periods are backtested, at their first day and Mondays.
#}
with

calendar as (
    select * from {{ ref('int_calendar_days_enriched') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

period_days as (
    {%- for period_type, column in [
        ('month', 'month_start'), ('fiscal_quarter', 'quarter_start')] %}
    select
        '{{ period_type }}' as period_type,
        {{ column }} as period_start,
        cast({{ dbt.dateadd(
            'day', -1, dbt.dateadd('month', 1 if period_type == 'month' else 3, column)
        ) }} as date) as period_end,
        date_day,
        day_of_week_iso,
        is_working_day
    from calendar
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

with_working_days as (
    select
        period_days.*,
        sum(case when period_days.is_working_day then 1 else 0 end) over (
            partition by period_days.period_type, period_days.period_start
            order by period_days.date_day
            rows between unbounded preceding and current row
        ) as working_days_elapsed,
        sum(case when period_days.is_working_day then 1 else 0 end) over (
            partition by period_days.period_type, period_days.period_start
        ) as working_days_in_period
    from period_days
),

checkpoints as (
    select
        with_working_days.period_type,
        with_working_days.period_start,
        with_working_days.period_end,
        with_working_days.date_day as checkpoint_date,
        with_working_days.working_days_elapsed,
        with_working_days.working_days_in_period,
        with_working_days.period_end <= as_of.as_of_date as is_complete_period,
        with_working_days.date_day = as_of.as_of_date as is_as_of_date,
        -- SPEC §8's checkpoints: the as-of date alone is the live forecast's
        with_working_days.date_day = with_working_days.period_start
        or with_working_days.day_of_week_iso = 1 as is_backtest_checkpoint
    from with_working_days
    cross join as_of
    where
        with_working_days.date_day <= as_of.as_of_date
        and (
            with_working_days.date_day = with_working_days.period_start
            or with_working_days.day_of_week_iso = 1
            or with_working_days.date_day = as_of.as_of_date
        )
),

final as (
    select
        *,
        cast({{ dbt.datediff(
            'period_start', 'checkpoint_date', 'day') }} as integer)
            as days_into_period,
        cast({{ dbt.datediff(
            'checkpoint_date', 'period_end', 'day') }} as integer) as days_left
    from checkpoints
)

select * from final
