{#
    Activity KPIs per team and period (SPEC §3 "rolled up to team/week/month"): one row
    per period type (week, month, fiscal quarter, fiscal year), period and team (the
    reps' current team, as in fct_rep_activity_daily; orphan activity is team
    `unknown`). Every count is the sum of the team's rep-days in fct_rep_activity_daily;
    every rate is computed from those sums. rep_days and working_rep_days count the
    daily rows for per-rep-day averages.
#}

{%- set counts = activity_daily_counts() %}

with

rep_periods as (
    select * from {{ ref('fct_rep_activity_periods') }}
),

aggregated as (
    select
        period_type,
        period_start,
        period_end,
        team_id,
        count(*) as reps,
        sum(rep_days) as rep_days,
        sum(working_days) as working_rep_days,
        {%- for measure in counts[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ counts[-1] }}) as {{ counts[-1] }}
    from rep_periods
    group by 1, 2, 3, 4
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(reps as {{ dbt.type_bigint() }}) as reps,
        cast(rep_days as {{ dbt.type_bigint() }}) as rep_days,
        cast(working_rep_days as {{ dbt.type_bigint() }}) as working_rep_days,
        {%- for measure in activity_daily_counts() %}
        cast({{ measure }} as {{ dbt.type_bigint() }}) as {{ measure }},
        {%- endfor %}
        {{ activity_rate_columns() }}
    from aggregated
)

select * from final
