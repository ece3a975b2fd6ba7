{#
    The business calendar: one row per day and sales region (plus `global`, the company
    calendar). A working day is not a weekend day (var weekend_iso_days) and not a
    holiday of the region or a global holiday. `working_days_through` counts the
    region's working days from the first day of the calendar through this one: the
    working days of any range of days are a difference of two of them (no window per
    range; int_goals_spread_daily).
#}
with

days as (
    select * from {{ ref('int_calendar_days_spined') }}
),

holidays as (
    select * from {{ ref('business_holidays') }}
),

regions as (
    select 'global' as region
    {%- for region in categorical_domains()['crm_teams']['region'] %}
    union all
    select '{{ region }}'
    {%- endfor %}
),

region_days as (
    select
        days.date_day,
        regions.region,
        {{ day_of_week_iso('days.date_day') }} as day_of_week_iso
    from days
    cross join regions
),

holidays_by_day as (
    select
        region_days.date_day,
        region_days.region,
        min(holidays.holiday_name) as holiday_name
    from region_days
    inner join holidays
        on
            region_days.date_day = holidays.holiday_date
            and holidays.region in (region_days.region, 'global')
    group by 1, 2
),

calendar as (
    select
        region_days.date_day,
        region_days.region,
        region_days.day_of_week_iso,
        holidays_by_day.holiday_name,
        region_days.day_of_week_iso in (
            {{ var('weekend_iso_days') | join(', ') }}
        ) as is_weekend,
        holidays_by_day.holiday_name is not null as is_holiday,
        region_days.day_of_week_iso not in (
            {{ var('weekend_iso_days') | join(', ') }}
        )
        and holidays_by_day.holiday_name is null as is_working_day
    from region_days
    left join holidays_by_day
        on
            region_days.date_day = holidays_by_day.date_day
            and region_days.region = holidays_by_day.region
),

numbered as (
    select
        *,
        sum(case when is_working_day then 1 else 0 end) over (
            partition by region
            order by date_day
            rows between unbounded preceding and current row
        ) as working_days_through
    from calendar
)

select * from numbered
