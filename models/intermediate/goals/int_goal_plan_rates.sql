{#
    The history that sizes the plan to close a goal's gap (SPEC §3 goals), per scope
    (rep, team, company) over the trailing var('goal_plan_history_days') days up to the
    as-of date: deals closed and won and their amount (average deal size, win rate), and
    leads created and converted to an opportunity (lead-to-opportunity conversion).
#}
{%- set history_days = var('goal_plan_history_days', 365) | int -%}

with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

closed_in_window as (
    select * from opportunities
    where
        is_closed
        and close_date <= {{ as_of_date() }}
        and close_date > {{ dbt.dateadd('day', -history_days, as_of_date()) }}
),

leads_in_window as (
    select * from leads
    where
        cast(created_at as date) <= {{ as_of_date() }}
        and cast(created_at as date)
        > {{ dbt.dateadd('day', -history_days, as_of_date()) }}
),

deal_history as (
    {%- for scope, scope_id in [
        ('user', 'owner_rep_id'), ('team', 'team_id'), ('company', "'company'")
    ] %}
    select
        '{{ scope }}' as scope,
        {{ scope_id }} as scope_id,
        count(*) as closed_deals,
        sum(case when is_won then 1 else 0 end) as won_deals,
        sum(case when is_won then amount else 0 end) as won_amount
    from closed_in_window
    group by 1, 2
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

lead_history as (
    {%- for scope, scope_id in [
        ('user', 'owner_rep_id'), ('team', 'team_id'), ('company', "'company'")
    ] %}
    select
        '{{ scope }}' as scope,
        {{ scope_id }} as scope_id,
        count(*) as leads_created,
        sum(case when opportunity_at is not null then 1 else 0 end) as leads_converted
    from leads_in_window
    group by 1, 2
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

scopes as (
    select
        scope,
        scope_id
    from deal_history
    union
    select
        scope,
        scope_id
    from lead_history
),

rates as (
    select
        scopes.scope,
        scopes.scope_id,
        coalesce(deal_history.closed_deals, 0) as closed_deals,
        coalesce(deal_history.won_deals, 0) as won_deals,
        coalesce(deal_history.won_amount, 0) as won_amount,
        coalesce(lead_history.leads_created, 0) as leads_created,
        coalesce(lead_history.leads_converted, 0) as leads_converted,
        {{ safe_divide('deal_history.won_amount', 'deal_history.won_deals') }}
            as avg_deal_size,
        {{ safe_divide('deal_history.won_deals', 'deal_history.closed_deals') }}
            as win_rate,
        {{ safe_divide('lead_history.leads_converted', 'lead_history.leads_created') }}
            as lead_to_opportunity_rate
    from scopes
    left join deal_history
        on scopes.scope = deal_history.scope and scopes.scope_id = deal_history.scope_id
    left join lead_history
        on scopes.scope = lead_history.scope and scopes.scope_id = lead_history.scope_id
)

select * from rates
