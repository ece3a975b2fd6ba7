-- Cumulative target and actual never decrease within a goal's period.
with

ordered as (
    select
        goal_id,
        date_day,
        target_cumulative,
        actual_cumulative,
        lag(target_cumulative) over (partition by goal_id order by date_day)
            as previous_target_cumulative,
        lag(actual_cumulative) over (partition by goal_id order by date_day)
            as previous_actual_cumulative
    from {{ ref('fct_goal_attainment_daily') }}
)

select *
from ordered
where
    target_cumulative < previous_target_cumulative - 0.000001
    or actual_cumulative < previous_actual_cumulative - 0.000001
