{#
    One row per goal (SPEC §5): target, actual to date, attainment, gap, and the plan to
    close the gap: deals needed (gap / average deal size), opportunities needed (deals /
    win rate), leads needed (opportunities / lead-to-opportunity conversion). The rates
    come from the scope's own trailing history (int_goal_plan_rates); a rep with fewer
    than var('goal_plan_min_history', 5) closed deals (or created leads, for the lead
    rate) uses their team's, a team with too little history the company's. A zero rate
    gives a null plan, never an infinite one; a met goal needs nothing. The plan sizes
    bookings goals only (deals are what a bookings gap is made of).
#}
{%- set min_history = var('goal_plan_min_history', 5) | int -%}

with

spread as (
    select * from {{ ref('int_goals_spread_daily') }}
),

daily as (
    select * from {{ ref('fct_goal_attainment_daily') }}
),

plan_rates as (
    select * from {{ ref('int_goal_plan_rates') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

goals as (
    select distinct
        goal_id,
        scope,
        scope_id,
        metric,
        period_start,
        period_end,
        currency,
        target,
        target_versions,
        has_working_days
    from spread
),

actuals as (
    select
        goal_id,
        sum(actual) as actual,
        max(case when actual is not null then date_day end) as actual_through
    from daily
    group by 1
),

with_rates as (
    select
        goals.*,
        coalesce(actuals.actual, 0) as actual,
        actuals.actual_through,
        case
            when own.closed_deals >= {{ min_history }} then goals.scope
            when goals.scope in ('user', 'team')
                and team.closed_deals >= {{ min_history }}
                then 'team'
            else 'company'
        end as deal_rate_source,
        case
            when own.leads_created >= {{ min_history }} then goals.scope
            when goals.scope in ('user', 'team')
                and team.leads_created >= {{ min_history }}
                then 'team'
            else 'company'
        end as lead_rate_source,
        own.avg_deal_size as own_avg_deal_size,
        own.win_rate as own_win_rate,
        own.lead_to_opportunity_rate as own_lead_rate,
        team.avg_deal_size as team_avg_deal_size,
        team.win_rate as team_win_rate,
        team.lead_to_opportunity_rate as team_lead_rate,
        company.avg_deal_size as company_avg_deal_size,
        company.win_rate as company_win_rate,
        company.lead_to_opportunity_rate as company_lead_rate
    from goals
    left join actuals
        on goals.goal_id = actuals.goal_id
    left join reps
        on reps.rep_id = {{ goal_scope_id('goals', 'user') }}
    left join plan_rates as own
        on goals.scope = own.scope and goals.scope_id = own.scope_id
    left join plan_rates as team
        on
            team.scope = 'team'
            and team.scope_id = case
                when goals.scope = 'user' then reps.team_id
                when goals.scope = 'team' then goals.scope_id
            end
    left join plan_rates as company
        on company.scope = 'company'
),

chosen_rates as (
    select
        *,
        case deal_rate_source
            when 'company' then company_avg_deal_size
            when 'team' then team_avg_deal_size
            else own_avg_deal_size
        end as avg_deal_size,
        case deal_rate_source
            when 'company' then company_win_rate
            when 'team' then team_win_rate
            else own_win_rate
        end as win_rate,
        case lead_rate_source
            when 'company' then company_lead_rate
            when 'team' then team_lead_rate
            else own_lead_rate
        end as lead_to_opportunity_rate,
        case when target - actual > 0 then target - actual else 0 end as open_gap
    from with_rates
),

planned as (
    select
        *,
        case
            when metric = 'bookings'
                then {{ safe_divide('open_gap', 'avg_deal_size') }}
        end as deals_needed
    from chosen_rates
),

final as (
    select
        cast(goal_id as {{ dbt.type_string() }}) as goal_id,
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(scope_id as {{ dbt.type_string() }}) as scope_id,
        cast(metric as {{ dbt.type_string() }}) as metric,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(target as double) as target,
        cast(actual as double) as actual,
        cast({{ safe_divide('actual', 'target') }} as double) as attainment,
        cast(target - actual as double) as gap,
        cast(deals_needed as double) as deals_needed,
        cast({{ safe_divide('deals_needed', 'win_rate') }} as double)
            as opportunities_needed,
        cast(
            {{ safe_divide(
                safe_divide('deals_needed', 'win_rate'), 'lead_to_opportunity_rate'
            ) }} as double
        ) as leads_needed,
        cast(avg_deal_size as double) as avg_deal_size,
        cast(win_rate as double) as win_rate,
        cast(lead_to_opportunity_rate as double) as lead_to_opportunity_rate,
        cast(deal_rate_source as {{ dbt.type_string() }}) as deal_rate_source,
        cast(lead_rate_source as {{ dbt.type_string() }}) as lead_rate_source,
        cast(currency as {{ dbt.type_string() }}) as target_currency,
        cast(target_versions as integer) as target_versions,
        has_working_days,
        cast(actual_through as date) as actual_through,
        coalesce(period_end <= {{ as_of_date() }}, false) as is_period_complete
    from planned
)

select * from final
