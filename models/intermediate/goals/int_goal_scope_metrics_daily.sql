{#
    Daily actuals per goal scope (SPEC §3 goals): a rep's own (scope `user`), the sum
    over the reps in the team at the time of the event (scope `team`, via the rep's team
    history), and the whole company (scope `company`, scope_id `company`, every rep
    including the unknown one).
#}
with

rep_metrics as (
    select * from {{ ref('int_goal_metrics_daily') }}
),

rep_teams as (
    select * from {{ ref('int_rep_teams_historized') }}
),

user_scope as (
    select
        'user' as scope,
        rep_id as scope_id,
        date_day,
        metric,
        actual_value
    from rep_metrics
),

team_scope as (
    select
        'team' as scope,
        coalesce(rep_teams.team_id, 'unknown') as scope_id,
        rep_metrics.date_day,
        rep_metrics.metric,
        sum(rep_metrics.actual_value) as actual_value
    from rep_metrics
    left join rep_teams
        on
            rep_metrics.rep_id = rep_teams.rep_id
            and rep_metrics.date_day >= rep_teams.valid_from
            and rep_metrics.date_day < rep_teams.valid_to
    group by 1, 2, 3, 4
),

company_scope as (
    select
        'company' as scope,
        'company' as scope_id,
        date_day,
        metric,
        sum(actual_value) as actual_value
    from rep_metrics
    group by 1, 2, 3, 4
),

unioned as (
    select * from user_scope
    union all
    select * from team_scope
    union all
    select * from company_scope
)

select * from unioned
