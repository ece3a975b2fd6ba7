{#
    The additive facts of the sales scorecard (SPEC §3 performance) per period type
    (month, fiscal quarter, fiscal year), period and scope (rep, team, company), on a
    dense grid: every scope has a row for every period from the first month of the
    calendar to the as-of date, zeros included, so that the previous period and the same
    period a year earlier always exist (growth is computed in fct_sales_scorecard).
      - Deals count by close date (on or before the as-of date): bookings = won amount
        in the reporting currency; won, lost, lost to competition (loss_reason
        `competitor`); the sum and count of sales_cycle_days over closed deals.
      - A deal belongs to its owner rep and the owner's team (fct_opportunities, as every
        funnel mart); the company is every deal, the unknown rep's included.
      - Open pipeline is the fct_pipeline_daily snapshot on the period's last day, or on
        the as-of date for the period that contains it.
      - Quota from int_bookings_quotas_resolved.
    Scopes: reps that own an opportunity or have a bookings quota, their teams and the
    teams with a quota, and the company.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

pipeline_daily as (
    select * from {{ ref('fct_pipeline_daily') }}
),

allocated_bookings as (
    select * from {{ ref('int_bookings_allocated_to_line_items') }}
),

quotas as (
    select * from {{ ref('int_bookings_quotas_resolved') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

calendar_months as (
    select distinct
        calendar.month_start,
        calendar.quarter_start,
        calendar.fiscal_year_start
    from calendar
    cross join as_of
    where calendar.date_day <= as_of.as_of_date
),

period_months as (
    {%- for period in scorecard_period_types() %}
    select
        '{{ period.period_type }}' as period_type,
        {{ period.calendar_column }} as period_start,
        {{ scorecard_period_end(period.calendar_column, period.months) }} as period_end,
        month_start
    from calendar_months
    {{ 'union all' if not loop.last }}
    {%- endfor %}
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
),

closed_deals as (
    select
        cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            as month_start,
        opportunities.owner_rep_id,
        opportunities.team_id,
        opportunities.is_won,
        opportunities.amount,
        opportunities.loss_reason,
        opportunities.sales_cycle_days,
        opportunities.is_new_customer
    from opportunities
    cross join as_of
    where
        opportunities.is_closed
        and opportunities.close_date <= as_of.as_of_date
),

monthly_deal_facts as (
    select
        month_start,
        owner_rep_id,
        team_id,
        sum(case when is_won then amount else 0 end) as bookings,
        sum(case when is_won then 1 else 0 end) as deals_won,
        sum(case when not is_won then 1 else 0 end) as deals_lost,
        sum(case when not is_won and loss_reason = 'competitor' then 1 else 0 end)
            as deals_lost_to_competitor,
        sum(sales_cycle_days) as sales_cycle_days_sum,
        count(sales_cycle_days) as sales_cycle_deals,
        sum(case when is_won and is_new_customer then amount else 0 end)
            as new_customer_bookings,
        cast(0 as {{ money_type() }}) as new_product_bookings,
        sum(case when is_won and amount is null then 1 else 0 end)
            as fx_rate_missing_won_deals
    from closed_deals
    group by 1, 2, 3
),

monthly_new_product_facts as (
    select
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as month_start,
        owner_rep_id,
        team_id,
        0 as bookings,
        0 as deals_won,
        0 as deals_lost,
        0 as deals_lost_to_competitor,
        0 as sales_cycle_days_sum,
        0 as sales_cycle_deals,
        0 as new_customer_bookings,
        sum(allocated_bookings) as new_product_bookings,
        0 as fx_rate_missing_won_deals
    from allocated_bookings
    where product_launch_bucket = 'launched_last_12_months'
    group by 1, 2, 3
),

monthly_facts as (
    select * from monthly_deal_facts
    union all
    select * from monthly_new_product_facts
),

period_rep_facts as (
    select
        period_months.period_type,
        period_months.period_start,
        monthly_facts.owner_rep_id,
        monthly_facts.team_id,
        sum(monthly_facts.bookings) as bookings,
        sum(monthly_facts.deals_won) as deals_won,
        sum(monthly_facts.deals_lost) as deals_lost,
        sum(monthly_facts.deals_lost_to_competitor) as deals_lost_to_competitor,
        sum(monthly_facts.sales_cycle_days_sum) as sales_cycle_days_sum,
        sum(monthly_facts.sales_cycle_deals) as sales_cycle_deals,
        sum(monthly_facts.new_customer_bookings) as new_customer_bookings,
        sum(monthly_facts.new_product_bookings) as new_product_bookings,
        sum(monthly_facts.fx_rate_missing_won_deals) as fx_rate_missing_won_deals
    from monthly_facts
    inner join period_months
        on monthly_facts.month_start = period_months.month_start
    group by 1, 2, 3, 4
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
        sum(fx_rate_missing_won_deals) as fx_rate_missing_won_deals
    from period_rep_facts
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

scope_reps as (
    select owner_rep_id as rep_id from opportunities
    union
    select scope_id as rep_id from quotas
    where scope = 'rep'
),

rep_scopes as (
    select
        'rep' as scope,
        reps.rep_id as scope_id,
        reps.team_id
    from reps
    inner join scope_reps
        on reps.rep_id = scope_reps.rep_id
),

team_ids as (
    select team_id from rep_scopes
    union
    select scope_id as team_id from quotas
    where scope = 'team'
),

scopes as (
    select * from rep_scopes
    union all
    select
        'team' as scope,
        team_id as scope_id,
        team_id
    from team_ids
    union all
    select
        'company' as scope,
        'company' as scope_id,
        cast(null as {{ dbt.type_string() }}) as team_id
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
