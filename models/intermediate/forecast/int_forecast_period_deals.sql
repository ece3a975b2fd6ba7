{#
    What each rep has in each forecast period as of the as-of date (SPEC §8), one row per
    deal: the open deals closing in the current or next month or fiscal quarter, by
    forecast category, and the deals won in it so far (fct_forecast_categories sums
    them per rep, team and company).
      - An open deal as of the as-of date (int_pipeline_state_runs): its stage, amount,
        owner, close date and forecast category as they stood that day. A category other
        than commit, best case or omitted (or none) counts as pipeline.
      - Open amounts at the as-of month's FX rate, as fct_pipeline_daily values that
        day; won amounts are the bookings (int_won_opportunities_booked).
    Plus one row per owner and current period with the statistical forecast as of the
    as-of date (int_forecast_rep_forecasts; an owner the history does not carry is
    `unknown`).
#}

{%- set categories = ['commit', 'best_case', 'pipeline', 'omitted'] %}

with

runs as (
    select * from {{ ref('int_pipeline_state_runs') }}
),

won as (
    select * from {{ ref('int_won_opportunities_booked') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

forecasts as (
    select * from {{ ref('int_forecast_rep_forecasts') }}
    where method = 'statistical'
),

as_of as (
    select
        {{ as_of_date() }} as as_of_date,
        cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as month_start
),

periods as (
    {{ forecast_periods() }}
),

open_deals as (
    select
        runs.opportunity_id,
        runs.owner_rep_id as rep_id,
        runs.close_date,
        case
            when runs.forecast_category in ('commit', 'best_case', 'omitted')
                then runs.forecast_category
            else 'pipeline'
        end as category,
        {{ convert_currency(
            'runs.amount_local', 'runs.currency', 'fx_rates.rate_to_reporting'
        ) }} as amount,
        runs.default_probability
    from runs
    cross join as_of
    left join fx_rates
        on
            as_of.month_start = fx_rates.month_start
            and runs.currency = fx_rates.currency
    where
        runs.is_open
        and runs.valid_from <= as_of.as_of_date
        and (runs.valid_to is null or runs.valid_to > as_of.as_of_date)
),

rep_periods as (
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        open_deals.rep_id,
        'open' as row_kind,
        open_deals.opportunity_id,
        cast(0 as {{ money_type() }}) as won_amount,
        {%- for category in categories %}
        case
            when open_deals.category = '{{ category }}' then open_deals.amount
        end as {{ category }}_amount,
        {%- endfor %}
        1 as open_opportunities,
        open_deals.amount as open_pipeline_amount,
        cast(
            open_deals.amount * open_deals.default_probability * 0.01
            as {{ money_type() }}
        ) as weighted_pipeline_amount,
        null as statistical_forecast_amount
    from open_deals
    inner join periods
        on open_deals.close_date between periods.period_start and periods.period_end
    union all
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        won.owner_rep_id as rep_id,
        'won' as row_kind,
        won.opportunity_id,
        won.amount as won_amount,
        {%- for category in categories %}
        null as {{ category }}_amount,
        {%- endfor %}
        0 as open_opportunities,
        null as open_pipeline_amount,
        null as weighted_pipeline_amount,
        null as statistical_forecast_amount
    from won
    inner join periods
        on won.close_date between periods.period_start and periods.period_end
    union all
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        coalesce(forecasts.owner_rep_id, 'unknown') as rep_id,
        'statistical_forecast' as row_kind,
        null as opportunity_id,
        0 as won_amount,
        {%- for category in categories %}
        null as {{ category }}_amount,
        {%- endfor %}
        0 as open_opportunities,
        null as open_pipeline_amount,
        null as weighted_pipeline_amount,
        forecasts.forecast_amount as statistical_forecast_amount
    from forecasts
    inner join periods
        on
            forecasts.period_type = periods.period_type
            and forecasts.period_start = periods.period_start
    cross join as_of
    where forecasts.checkpoint_date = as_of.as_of_date
)

select * from rep_periods
