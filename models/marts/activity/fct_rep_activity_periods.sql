{#
    Activity KPIs per rep and period (SPEC §3 "rolled up to team/week/month"): one row
    per period type (week, month, fiscal quarter, fiscal year), period and rep. Every
    count is the sum of the rep's rows in fct_rep_activity_daily; every rate is computed
    from those sums (never an average of daily rates). rep_days and working_days count
    the rep's daily rows (zero days included) for honest per-day averages.
#}

{%- set period_types = [
    {'period_type': 'week', 'column': 'week_start', 'length': ('day', 7)},
    {'period_type': 'month', 'column': 'month_start', 'length': ('month', 1)},
    {'period_type': 'quarter', 'column': 'quarter_start', 'length': ('month', 3)},
    {'period_type': 'year', 'column': 'fiscal_year_start', 'length': ('month', 12)},
] %}

{%- set counts = activity_daily_counts() %}

with

activity_daily as (
    select * from {{ ref('fct_rep_activity_daily') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

daily_with_periods as (
    {%- for period in period_types %}
    select
        '{{ period.period_type }}' as period_type,
        dates.{{ period.column }} as period_start,
        cast({{ dbt.dateadd(
            'day', -1, dbt.dateadd(
                period.length[0], period.length[1], 'dates.' ~ period.column)
        ) }} as date) as period_end,
        activity_daily.*
    from activity_daily
    inner join dates
        on activity_daily.date_day = dates.date_day
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

aggregated as (
    select
        period_type,
        period_start,
        period_end,
        rep_id,
        team_id,
        count(*) as rep_days,
        sum(case when is_working_day then 1 else 0 end) as working_days,
        {%- for measure in counts[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ counts[-1] }}) as {{ counts[-1] }}
    from daily_with_periods
    group by 1, 2, 3, 4, 5
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(rep_days as {{ dbt.type_bigint() }}) as rep_days,
        cast(working_days as {{ dbt.type_bigint() }}) as working_days,
        {%- for measure in activity_daily_counts() %}
        cast({{ measure }} as {{ dbt.type_bigint() }}) as {{ measure }},
        {%- endfor %}
        {{ activity_rate_columns() }}
    from aggregated
)

select * from final
