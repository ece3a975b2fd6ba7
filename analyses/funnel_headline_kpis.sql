{#
    Company-wide funnel headlines (compiles to target/compiled/...; run it against the
    warehouse with any SQL client): win rate and sales cycle over all closed deals, and
    lead-to-opportunity conversion by channel.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

company_outcomes as (
    select
        'company' as slice,
        'win_rate' as kpi,
        {{ safe_divide(
            'sum(case when is_won then 1 else 0 end)', 'count(*)'
        ) }} as kpi_value
    from opportunities
    where is_closed
    union all
    select
        'company' as slice,
        'median_sales_cycle_days' as kpi,
        percentile_cont(0.5) within group (order by sales_cycle_days) as kpi_value
    from opportunities
    where is_closed
),

conversion_by_channel as (
    select
        channel as slice,
        'lead_to_opportunity_rate' as kpi,
        {{ safe_divide(
            'sum(case when opportunity_at is not null then 1 else 0 end)', 'count(*)'
        ) }} as kpi_value
    from leads
    group by 1
),

final as (
    select * from company_outcomes
    union all
    select * from conversion_by_channel
)

select * from final
