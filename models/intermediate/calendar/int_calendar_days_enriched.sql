{#
    The company calendar: one row per day from the earliest to the latest date in the
    data and the goal periods, with its week, month, fiscal quarter and fiscal year
    (SPEC §4); is_working_day is the company calendar (weekends and global holidays).
    Regional working days: int_business_days_by_region. Published as dim_date; the
    intermediate models that need periods (pipeline, quotas, scorecard) read it here.
#}
with

company_calendar as (
    select * from {{ ref('int_business_days_by_region') }}
    where region = 'global'
),

final as (
    select
        cast(date_day as date) as date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        {{ fiscal_period_start('date_day', 'quarter') }} as quarter_start,
        cast(
            extract(year from {{ dbt.dateadd(
                'month', 11, fiscal_period_start('date_day', 'year')) }})
            as integer
        ) as year,
        {{ fiscal_period_start('date_day', 'year') }} as fiscal_year_start,
        cast(day_of_week_iso as integer) as day_of_week_iso,
        is_weekend,
        is_holiday,
        holiday_name,
        is_working_day,
        date_day = {{ as_of_date() }} as is_as_of_date,
        date_day <= {{ as_of_date() }} as is_on_or_before_as_of_date
    from company_calendar
)

select * from final
