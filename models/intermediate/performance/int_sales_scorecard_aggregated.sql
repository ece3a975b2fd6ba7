{#
    The additive facts of the sales scorecard (SPEC §3 performance) per period type
    (month, fiscal quarter, fiscal year), period and scope (rep, team, company), on a
    dense grid: every scope (int_scorecard_scopes_listed) has a row for every period
    from the first month of the calendar to the as-of date, zeros included, so that the
    previous period and the same period a year earlier always exist (growth is computed
    in fct_sales_scorecard).
      - Deal facts per owner rep (int_scorecard_deals_summed_to_rep_periods) add up to
        the owner's team and the company; the company is every deal, the unknown rep's
        included.
      - Open pipeline is the int_open_pipeline_summed_to_rep_days snapshot on the
        period's last day, or on the as-of date for the period that contains it.
      - Quota from int_bookings_quotas_resolved.
#}
with

rep_facts as (
    select * from {{ ref('int_scorecard_deals_summed_to_rep_periods') }}
),

pipeline_daily as (
    select * from {{ ref('int_open_pipeline_summed_to_rep_days') }}
),

period_months as (
    select * from {{ ref('int_months_assigned_to_periods') }}
),

quotas as (
    select * from {{ ref('int_bookings_quotas_resolved') }}
),

scopes as (
    select * from {{ ref('int_scorecard_scopes_listed') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

periods as (
    select distinct
        period_months.period_type,
        period_months.period_start,
        period_months.period_end,
        case
            when period_months.period_end > as_of.as_of_date then as_of.as_of_date
            else period_months.period_end
        end as snapshot_date
    from period_months
    cross join as_of
    where period_months.month_start <= as_of.as_of_date
),

period_pipeline as (
    select
        periods.period_type,
        periods.period_start,
        pipeline_daily.owner_rep_id,
        pipeline_daily.team_id,
        pipeline_daily.open_opportunities,
        pipeline_daily.open_pipeline_amount,
        pipeline_daily.weighted_pipeline_amount
    from periods
    inner join pipeline_daily
        on periods.snapshot_date = pipeline_daily.date_day
),

{%- set scopes = [
    ('rep', 'owner_rep_id'), ('team', 'team_id'), ('company', "'company'")
] %}

scoped_facts as (
    {%- for scope, scope_column in scopes %}
    select
        period_type,
        period_start,
        '{{ scope }}' as scope,
        {{ scope_column }} as scope_id,
        sum(bookings) as bookings,
        sum(deals_won) as deals_won,
        sum(deals_lost) as deals_lost,
        sum(deals_lost_to_competitor) as deals_lost_to_competitor,
        sum(sales_cycle_days_sum) as sales_cycle_days_sum,
        sum(sales_cycle_deals) as sales_cycle_deals,
        sum(new_customer_bookings) as new_customer_bookings,
        sum(new_product_bookings) as new_product_bookings,
        sum(new_business_bookings) as new_business_bookings,
        sum(expansion_bookings) as expansion_bookings,
        sum(renewal_bookings) as renewal_bookings,
        sum(renewals_won) as renewals_won,
        sum(renewals_lost) as renewals_lost,
        sum(demo_deals_won) as demo_deals_won,
        sum(demo_deals_closed) as demo_deals_closed,
        sum(fx_rate_missing_won_deals) as fx_rate_missing_won_deals
    from rep_facts
    group by 1, 2, 3, 4
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

scoped_pipeline as (
    {%- for scope, scope_column in scopes %}
    select
        period_type,
        period_start,
        '{{ scope }}' as scope,
        {{ scope_column }} as scope_id,
        sum(open_opportunities) as open_opportunities,
        sum(open_pipeline_amount) as open_pipeline_amount,
        sum(weighted_pipeline_amount) as weighted_pipeline_amount
    from period_pipeline
    group by 1, 2, 3, 4
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

grid as (
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.snapshot_date,
        scopes.scope,
        scopes.scope_id,
        scopes.team_id
    from periods
    cross join scopes
),

final as (
    select
        grid.period_type,
        grid.period_start,
        grid.period_end,
        grid.snapshot_date,
        grid.scope,
        grid.scope_id,
        grid.team_id,
        coalesce(scoped_facts.bookings, 0) as bookings,
        coalesce(scoped_facts.deals_won, 0) as deals_won,
        coalesce(scoped_facts.deals_lost, 0) as deals_lost,
        coalesce(scoped_facts.deals_lost_to_competitor, 0)
            as deals_lost_to_competitor,
        coalesce(scoped_facts.sales_cycle_days_sum, 0) as sales_cycle_days_sum,
        coalesce(scoped_facts.sales_cycle_deals, 0) as sales_cycle_deals,
        coalesce(scoped_facts.new_customer_bookings, 0) as new_customer_bookings,
        coalesce(scoped_facts.new_product_bookings, 0) as new_product_bookings,
        coalesce(scoped_facts.new_business_bookings, 0) as new_business_bookings,
        coalesce(scoped_facts.expansion_bookings, 0) as expansion_bookings,
        coalesce(scoped_facts.renewal_bookings, 0) as renewal_bookings,
        coalesce(scoped_facts.renewals_won, 0) as renewals_won,
        coalesce(scoped_facts.renewals_lost, 0) as renewals_lost,
        coalesce(scoped_facts.demo_deals_won, 0) as demo_deals_won,
        coalesce(scoped_facts.demo_deals_closed, 0) as demo_deals_closed,
        coalesce(scoped_facts.fx_rate_missing_won_deals, 0)
            as fx_rate_missing_won_deals,
        coalesce(scoped_pipeline.open_opportunities, 0) as open_opportunities,
        case
            when scoped_pipeline.scope_id is null then 0
            else scoped_pipeline.open_pipeline_amount
        end as open_pipeline_amount,
        case
            when scoped_pipeline.scope_id is null then 0
            else scoped_pipeline.weighted_pipeline_amount
        end as weighted_pipeline_amount,
        quotas.quota,
        quotas.quota_source
    from grid
    left join scoped_facts
        on
            grid.period_type = scoped_facts.period_type
            and grid.period_start = scoped_facts.period_start
            and grid.scope = scoped_facts.scope
            and grid.scope_id = scoped_facts.scope_id
    left join scoped_pipeline
        on
            grid.period_type = scoped_pipeline.period_type
            and grid.period_start = scoped_pipeline.period_start
            and grid.scope = scoped_pipeline.scope
            and grid.scope_id = scoped_pipeline.scope_id
    left join quotas
        on
            grid.period_type = quotas.period_type
            and grid.period_start = quotas.period_start
            and grid.scope = quotas.scope
            and grid.scope_id = quotas.scope_id
)

select * from final
