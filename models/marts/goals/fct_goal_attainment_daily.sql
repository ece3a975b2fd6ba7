{#
    One row per goal and day of its period (SPEC §5): the daily target (spread over the
    scope's working days), the daily actual, both cumulated from the period start, pace
    (cumulative actual / cumulative target) and a run-rate projection to the period end
    (cumulative actual per working day elapsed x working days in the period). Days after
    the as-of date have targets but no actuals yet.
#}
with

spread as (
    select * from {{ ref('int_goals_spread_daily') }}
),

scope_actuals as (
    select * from {{ ref('int_goal_scope_metrics_daily') }}
),

daily as (
    select
        spread.goal_id,
        spread.scope,
        spread.scope_id,
        spread.metric,
        spread.date_day,
        spread.is_working_day,
        spread.has_working_days,
        spread.working_days_in_period,
        spread.working_days_elapsed,
        spread.target,
        spread.target_daily,
        case
            when spread.date_day <= {{ as_of_date() }}
                then coalesce(scope_actuals.actual_value, 0)
        end as actual
    from spread
    left join scope_actuals
        on
            spread.scope = scope_actuals.scope
            and spread.scope_id = scope_actuals.scope_id
            and spread.metric = scope_actuals.metric
            and spread.date_day = scope_actuals.date_day
),

cumulated as (
    select
        *,
        sum(target_daily) over (
            partition by goal_id order by date_day
            rows between unbounded preceding and current row
        ) as target_cumulative,
        case
            when actual is not null
                then sum(actual) over (
                        partition by goal_id order by date_day
                        rows between unbounded preceding and current row
                    )
        end as actual_cumulative
    from daily
),

final as (
    select
        cast(goal_id as {{ dbt.type_string() }}) as goal_id,
        cast(date_day as date) as date_day,
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(scope_id as {{ dbt.type_string() }}) as scope_id,
        cast(metric as {{ dbt.type_string() }}) as metric,
        is_working_day,
        has_working_days,
        cast(working_days_in_period as integer) as working_days_in_period,
        cast(working_days_elapsed as integer) as working_days_elapsed,
        cast(target_daily as double) as target,
        cast(target_cumulative as double) as target_cumulative,
        cast(actual as double) as actual,
        cast(actual_cumulative as double) as actual_cumulative,
        cast({{ safe_divide('actual_cumulative', 'target_cumulative') }} as double)
            as pace,
        cast(
            {{ safe_divide('actual_cumulative', 'working_days_elapsed') }}
            * working_days_in_period
            as double
        ) as projected_total
    from cumulated
)

select * from final
