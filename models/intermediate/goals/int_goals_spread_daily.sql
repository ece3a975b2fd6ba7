{#
    One row per goal and calendar day of its period: the target (in the reporting currency
    for monetary goals, at the FX rate of the period's first month) spread evenly over the
    working days of the scope's business calendar (a rep: their team's region; a team: its
    region; the company: the global calendar). A goal whose period has no working day gets
    no daily target (has_working_days = false) instead of a division by zero.
    A goal changed after its period started is measured against its latest target for the
    whole period (restated); target_versions says how many versions it had.
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
    select * from {{ ref('dim_reps') }}
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
        coalesce(
            case
                when goals.scope = 'user' then reps.region
                when goals.scope = 'team' then teams.region
            end,
            'global'
        ) as calendar_region
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

goal_days as (
    select
        scoped_goals.goal_id,
        calendar.date_day,
        calendar.is_working_day,
        sum(case when calendar.is_working_day then 1 else 0 end) over (
            partition by scoped_goals.goal_id
        ) as working_days_in_period,
        sum(case when calendar.is_working_day then 1 else 0 end) over (
            partition by scoped_goals.goal_id
            order by calendar.date_day
            rows between unbounded preceding and current row
        ) as working_days_elapsed
    from scoped_goals
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
