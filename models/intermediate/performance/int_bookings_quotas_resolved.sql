{#
    The bookings quota of every rep, team and the company per month, fiscal quarter and
    fiscal year (SPEC §3 quota), from the goals covering exactly a period, in the
    reporting currency (int_bookings_goals_deduplicated):
      - Rep: its own goal for the period, else the sum of its monthly goals within the
        period (`sum_of_months`; the months of a period: int_months_assigned_to_periods).
      - Team: its own goal for the period, else the sum of its members' quotas
        (`sum_of_members`; members are the reps whose current team it is).
      - Company: its own goal, else the sum of the teams' quotas (`sum_of_teams`).
    Only periods with a quota have a row; no quota means a null attainment downstream.
#}
with

own_goals as (
    select * from {{ ref('int_bookings_goals_deduplicated') }}
),

period_months as (
    select * from {{ ref('int_months_assigned_to_periods') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

rep_monthly_goal_sums as (
    select
        period_months.period_type,
        period_months.period_start,
        own_goals.scope_id as rep_id,
        sum(own_goals.target) as target
    from own_goals
    inner join period_months
        on own_goals.period_start = period_months.month_start
    where own_goals.scope = 'rep' and own_goals.period_type = 'month'
    group by 1, 2, 3
),

rep_keys as (
    select
        period_type,
        period_start,
        scope_id as rep_id
    from own_goals
    where scope = 'rep'
    union
    select
        period_type,
        period_start,
        rep_id
    from rep_monthly_goal_sums
),

rep_quotas as (
    select
        rep_keys.period_type,
        rep_keys.period_start,
        'rep' as scope,
        rep_keys.rep_id as scope_id,
        coalesce(reps.team_id, 'unknown') as team_id,
        own_goals.goal_id,
        coalesce(own_goals.target, rep_monthly_goal_sums.target) as quota,
        case
            when own_goals.goal_id is not null then 'goal'
            else 'sum_of_months'
        end as quota_source
    from rep_keys
    left join own_goals
        on
            own_goals.scope = 'rep'
            and rep_keys.period_type = own_goals.period_type
            and rep_keys.period_start = own_goals.period_start
            and rep_keys.rep_id = own_goals.scope_id
    left join rep_monthly_goal_sums
        on
            rep_keys.period_type = rep_monthly_goal_sums.period_type
            and rep_keys.period_start = rep_monthly_goal_sums.period_start
            and rep_keys.rep_id = rep_monthly_goal_sums.rep_id
    left join reps
        on rep_keys.rep_id = reps.rep_id
),

member_quota_sums as (
    select
        period_type,
        period_start,
        team_id,
        sum(quota) as quota
    from rep_quotas
    group by 1, 2, 3
),

team_keys as (
    select
        period_type,
        period_start,
        scope_id as team_id
    from own_goals
    where scope = 'team'
    union
    select
        period_type,
        period_start,
        team_id
    from member_quota_sums
),

team_quotas as (
    select
        team_keys.period_type,
        team_keys.period_start,
        'team' as scope,
        team_keys.team_id as scope_id,
        team_keys.team_id,
        own_goals.goal_id,
        coalesce(own_goals.target, member_quota_sums.quota) as quota,
        case
            when own_goals.goal_id is not null then 'goal'
            else 'sum_of_members'
        end as quota_source
    from team_keys
    left join own_goals
        on
            own_goals.scope = 'team'
            and team_keys.period_type = own_goals.period_type
            and team_keys.period_start = own_goals.period_start
            and team_keys.team_id = own_goals.scope_id
    left join member_quota_sums
        on
            team_keys.period_type = member_quota_sums.period_type
            and team_keys.period_start = member_quota_sums.period_start
            and team_keys.team_id = member_quota_sums.team_id
),

team_quota_sums as (
    select
        period_type,
        period_start,
        sum(quota) as quota
    from team_quotas
    group by 1, 2
),

company_keys as (
    select
        period_type,
        period_start
    from own_goals
    where scope = 'company'
    union
    select
        period_type,
        period_start
    from team_quota_sums
),

company_quotas as (
    select
        company_keys.period_type,
        company_keys.period_start,
        'company' as scope,
        'company' as scope_id,
        cast(null as {{ dbt.type_string() }}) as team_id,
        own_goals.goal_id,
        coalesce(own_goals.target, team_quota_sums.quota) as quota,
        case
            when own_goals.goal_id is not null then 'goal'
            else 'sum_of_teams'
        end as quota_source
    from company_keys
    left join own_goals
        on
            own_goals.scope = 'company'
            and company_keys.period_type = own_goals.period_type
            and company_keys.period_start = own_goals.period_start
    left join team_quota_sums
        on
            company_keys.period_type = team_quota_sums.period_type
            and company_keys.period_start = team_quota_sums.period_start
),

unioned as (
    select * from rep_quotas
    union all
    select * from team_quotas
    union all
    select * from company_quotas
)

select * from unioned
