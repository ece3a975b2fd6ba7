-- Goal actuals are additive across scopes (SPEC §3): on every day and for every metric,
-- the reps' actuals, the teams' actuals (each rep in exactly one team at the time) and
-- the company's actual are the same total.
with

scope_totals as (
    select
        date_day,
        metric,
        sum(case when scope = 'user' then actual_value else 0 end) as users_total,
        sum(case when scope = 'team' then actual_value else 0 end) as teams_total,
        sum(case when scope = 'company' then actual_value else 0 end) as company_total
    from {{ ref('int_goal_scope_metrics_daily') }}
    group by 1, 2
)

select *
from scope_totals
where
    abs(users_total - teams_total) > 0.005
    or abs(users_total - company_total) > 0.005
