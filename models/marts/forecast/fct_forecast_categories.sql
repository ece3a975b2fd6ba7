{#
    The forecast by category as of the as-of date (SPEC §8) for the current and next
    month and fiscal quarter, per rep, team and company: won so far, the open deals
    closing in the period by forecast category (int_forecast_period_deals), the commit
    and best-case forecasts, open and weighted pipeline, and the bookings quota
    (int_bookings_quotas_resolved) with the pipeline coverage of what is left of it,
    and the statistical forecast as of the as-of date for the current periods.
    Team and company roll the reps up (a deal counts for its owner's current team).
#}

{%- set measures = [
    'won_amount', 'commit_amount', 'best_case_amount', 'pipeline_amount',
    'omitted_amount', 'open_opportunities', 'open_pipeline_amount',
    'weighted_pipeline_amount', 'statistical_forecast_amount'] %}

with

rep_periods as (
    select * from {{ ref('int_forecast_period_deals') }}
),

quotas as (
    select * from {{ ref('int_bookings_quotas_resolved') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

periods as (
    {{ forecast_periods() }}
),

rep_periods_with_teams as (
    select
        rep_periods.*,
        coalesce(reps.team_id, 'unknown') as team_id
    from rep_periods
    left join reps
        on rep_periods.rep_id = reps.rep_id
),

scoped as (
    {%- for scope, scope_id in [
        ('rep', 'rep_periods.rep_id'),
        ('team', 'rep_periods.team_id'),
        ('company', "'company'")] %}
    select
        rep_periods.period_type,
        rep_periods.period_start,
        rep_periods.period_end,
        '{{ scope }}' as scope,
        {%- for measure in measures %}
        sum(rep_periods.{{ measure }}) as {{ measure }},
        {%- endfor %}
        {{ scope_id }} as scope_id
    from rep_periods_with_teams as rep_periods
    group by 1, 2, 3, 4, {{ measures | length + 5 }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- Every scope and period with a forecast or a quota.
scope_periods as (
    select
        period_type,
        period_start,
        period_end,
        scope,
        scope_id
    from scoped
    union
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        quotas.scope,
        quotas.scope_id
    from quotas
    inner join periods
        on
            quotas.period_type = case periods.period_type
                when 'fiscal_quarter' then 'quarter' else periods.period_type
            end
            and quotas.period_start = periods.period_start
),

with_quota as (
    select
        scope_periods.*,
        {%- for measure in measures if measure != 'statistical_forecast_amount' %}
        coalesce(scoped.{{ measure }}, 0) as {{ measure }},
        {%- endfor %}
        -- made for the current periods only (the next ones have not begun)
        case
            when scope_periods.period_start <= {{ as_of_date() }}
                then coalesce(scoped.statistical_forecast_amount, 0)
        end as statistical_forecast_amount,
        quotas.quota,
        case
            when quotas.quota > coalesce(scoped.won_amount, 0)
                then quotas.quota - coalesce(scoped.won_amount, 0)
        end as quota_left
    from scope_periods
    left join scoped
        on
            scope_periods.period_type = scoped.period_type
            and scope_periods.period_start = scoped.period_start
            and scope_periods.scope = scoped.scope
            and scope_periods.scope_id = scoped.scope_id
    left join quotas
        on
            quotas.period_type = case scope_periods.period_type
                when 'fiscal_quarter' then 'quarter' else scope_periods.period_type
            end
            and scope_periods.period_start = quotas.period_start
            and scope_periods.scope = quotas.scope
            and scope_periods.scope_id = quotas.scope_id
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(scope_id as {{ dbt.type_string() }}) as scope_id,
        {%- for measure in measures if measure != 'open_opportunities' %}
        cast({{ measure }} as {{ money_type() }}) as {{ measure }},
        {%- endfor %}
        cast(won_amount + commit_amount as {{ money_type() }})
            as commit_forecast_amount,
        cast(won_amount + commit_amount + best_case_amount as {{ money_type() }})
            as best_case_forecast_amount,
        cast(open_opportunities as integer) as open_opportunities,
        cast(quota as {{ money_type() }}) as quota,
        cast(quota_left as {{ money_type() }}) as quota_left,
        {{ safe_divide('open_pipeline_amount', 'quota_left') }} as pipeline_coverage
    from with_quota
)

select * from final
