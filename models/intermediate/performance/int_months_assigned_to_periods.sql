{#
    One row per scorecard period type (month, fiscal quarter, fiscal year; macro
    scorecard_period_types) and calendar month: the period of that type containing the
    month, with its first and last day. The bookings quotas sum a rep's monthly goals
    over these periods, and the sales scorecard rolls its months up to them.
#}
with

calendar as (
    select * from {{ ref('int_calendar_days_enriched') }}
),

calendar_months as (
    select distinct
        month_start,
        quarter_start,
        fiscal_year_start
    from calendar
),

period_months as (
    {%- for period in scorecard_period_types() %}
    select
        '{{ period.period_type }}' as period_type,
        {{ period.calendar_column }} as period_start,
        {{ scorecard_period_end(period.calendar_column, period.months) }} as period_end,
        month_start
    from calendar_months
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from period_months
