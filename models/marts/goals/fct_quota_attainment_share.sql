{#
    Share of reps at or above 100 % of quota per period (SPEC §3 goals): a rep's quota is
    a `bookings` goal of scope `user`; per goal period (month or quarter), for each team
    (the rep's team at the period start) and for the company, how many reps had a quota
    and how many reached it. Share = reps at quota / reps with quota (null without any).
#}
with

attainment as (
    select * from {{ ref('fct_goal_attainment') }}
),

rep_teams as (
    select * from {{ ref('int_rep_teams_historized') }}
),

rep_quotas as (
    select
        attainment.period_start,
        attainment.period_end,
        attainment.scope_id as rep_id,
        coalesce(rep_teams.team_id, 'unknown') as team_id,
        coalesce(attainment.attainment >= 1, false) as is_at_quota
    from attainment
    left join rep_teams
        on
            attainment.scope_id = rep_teams.rep_id
            and attainment.period_start >= rep_teams.valid_from
            and attainment.period_start < rep_teams.valid_to
    where attainment.scope = 'user' and attainment.metric = 'bookings'
),

by_scope as (
    select
        period_start,
        period_end,
        'team' as scope,
        team_id as scope_id,
        count(*) as reps_with_quota,
        sum(case when is_at_quota then 1 else 0 end) as reps_at_quota
    from rep_quotas
    group by 1, 2, 3, 4
    union all
    select
        period_start,
        period_end,
        'company' as scope,
        'company' as scope_id,
        count(*) as reps_with_quota,
        sum(case when is_at_quota then 1 else 0 end) as reps_at_quota
    from rep_quotas
    group by 1, 2, 3, 4
),

final as (
    select
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(scope_id as {{ dbt.type_string() }}) as scope_id,
        cast(reps_with_quota as integer) as reps_with_quota,
        cast(reps_at_quota as integer) as reps_at_quota,
        cast({{ safe_divide('reps_at_quota', 'reps_with_quota') }} as double)
            as share_of_reps_at_quota
    from by_scope
)

select * from final
