{#
    One row per goal and calendar day of its period: the target (in the reporting currency
    for monetary goals, at the FX rate of the period's first month) spread evenly over the
    working days of the scope's business calendar (a rep: their team's region; a team: its
    region; the company: the global calendar). A goal whose period has no working day gets
    no daily target (has_working_days = false) instead of a division by zero.
    A goal changed after its period started is measured against its latest target for the
    whole period (restated); target_versions says how many versions it had.
    The working days of the period, and those elapsed by a day, are differences of the
    calendar's running count of working days (`working_days_through`, taken on the
    period's first and last days), not windows over the 3.4M goal-days of scale 30.
#}
with

goals as (
    select * from {{ ref('stg_goals__sales_goals') }}
),

goal_versions as (
    select
        goal_id,
        count(*) as target_versions
    from {{ ref('base_goals__sales_goals') }}
    where _row_status in ('staged', 'superseded')
    group by 1
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

teams as (
    select * from {{ ref('stg_crm__teams') }}
),

calendar as (
    select * from {{ ref('int_business_days_by_region') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

scoped_goals as (
    select
        goals.goal_id,
        goals.scope,
        goals.scope_id,
        goals.metric,
        goals.period_start,
        goals.period_end,
        goals.currency,
        goals.target_value as target_local,
        case
            when goals.currency is null then goals.target_value
            else {{ convert_currency(
                'goals.target_value', 'goals.currency', 'fx_rates.rate_to_reporting'
            ) }}
        end as target,
        coalesce(goal_versions.target_versions, 1) as target_versions,
        {{ business_calendar_region(
            "case when goals.scope = 'user' then reps.region"
            ~ " when goals.scope = 'team' then teams.region end"
        ) }} as calendar_region
    from goals
    left join goal_versions
        on goals.goal_id = goal_versions.goal_id
    left join reps
        on reps.rep_id = {{ goal_scope_id('goals', 'user') }}
    left join teams
        on teams.team_id = {{ goal_scope_id('goals', 'team') }}
    left join fx_rates
        on
            cast({{ dbt.date_trunc('month', 'goals.period_start') }} as date)
            = fx_rates.month_start
            and goals.currency = fx_rates.currency
),

-- The calendar covers every goal period (int_data_date_bounds), so the period's first
-- and last days are found; the working days before the period are those through its
-- first day, less that day itself.
goal_days as (
    select
        scoped_goals.goal_id,
        calendar.date_day,
        calendar.is_working_day,
        period_end_day.working_days_through
        - period_start_day.working_days_through
        + case when period_start_day.is_working_day then 1 else 0 end
            as working_days_in_period,
        calendar.working_days_through
        - period_start_day.working_days_through
        + case when period_start_day.is_working_day then 1 else 0 end
            as working_days_elapsed
    from scoped_goals
    inner join calendar as period_start_day
        on
            scoped_goals.calendar_region = period_start_day.region
            and scoped_goals.period_start = period_start_day.date_day
    inner join calendar as period_end_day
        on
            scoped_goals.calendar_region = period_end_day.region
            and scoped_goals.period_end = period_end_day.date_day
    inner join calendar
        on
            scoped_goals.calendar_region = calendar.region
            and calendar.date_day >= scoped_goals.period_start
            and calendar.date_day <= scoped_goals.period_end
),

spread as (
    select
        scoped_goals.*,
        goal_days.date_day,
        goal_days.is_working_day,
        goal_days.working_days_in_period,
        goal_days.working_days_elapsed,
        goal_days.working_days_in_period > 0 as has_working_days,
        case
            when goal_days.working_days_in_period = 0 then null
            when goal_days.is_working_day
                then cast(scoped_goals.target as double)
                    / goal_days.working_days_in_period
            else 0
        end as target_daily
    from scoped_goals
    inner join goal_days
        on scoped_goals.goal_id = goal_days.goal_id
)

select * from spread
