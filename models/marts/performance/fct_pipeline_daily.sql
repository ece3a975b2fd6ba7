{#
    Open pipeline per day and owner rep as it stood at the end of each day (SPEC §3, §5),
    replayed from the stage history (int_opportunity_states_historized), never today's
    state copied backwards. A deal is open on day d when it was created on or before d
    and its latest state on or before d is an open stage; it counts its amount of that
    state, converted at the FX rate of the month of d (the pipeline is valued as it
    stood that day), and is weighted by the stage's default probability (seed
    opportunity_stages). Days run from the first date of the calendar to the as-of date;
    a rep has a row only on days with at least one open deal (no zero rows). A deal
    whose currency has no rate that month stays in open_opportunities but not in the
    amounts (fx_rate_missing_opportunities); a stage unknown to the seed adds to the
    open amount but not to the weighted one (unknown_stage_opportunities). Owner and
    team are the deal's current ones (fct_opportunities).
    Each run of days is cut at month ends and converted once per month (its amount and
    rate hold for the whole piece), then joined to the calendar with a range join: the
    cost grows with the open deal-days, not with days x deals, and the conversion with
    the deal-months.
#}
with

states as (
    select * from {{ ref('int_opportunity_states_historized') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

days as (
    select
        calendar.date_day,
        calendar.month_start
    from calendar
    cross join as_of
    where calendar.date_day <= as_of.as_of_date
),

months as (
    select
        month_start,
        cast({{ dbt.dateadd('month', 1, 'month_start') }} as date) as next_month_start
    from days
    group by 1, 2
),

open_runs as (
    select
        states.opportunity_id,
        opportunities.owner_rep_id,
        opportunities.team_id,
        states.amount_local,
        states.currency,
        states.default_probability,
        case
            when states.valid_from < cast(opportunities.created_at as date)
                then cast(opportunities.created_at as date)
            else states.valid_from
        end as open_from,
        coalesce(
            states.valid_to,
            cast({{ dbt.dateadd('day', 1, 'as_of.as_of_date') }} as date)
        ) as open_until
    from states
    inner join opportunities
        on states.opportunity_id = opportunities.opportunity_id
    cross join as_of
    where states.is_open
),

-- Each run cut at month ends, valued at that month's rate.
run_months as (
    select
        open_runs.opportunity_id,
        open_runs.owner_rep_id,
        open_runs.team_id,
        open_runs.default_probability,
        {{ convert_currency(
            'open_runs.amount_local', 'open_runs.currency', 'fx_rates.rate_to_reporting'
        ) }} as amount,
        {{ fx_rate_is_missing(
            'open_runs.amount_local', 'open_runs.currency', 'fx_rates.rate_to_reporting'
        ) }} as is_fx_rate_missing,
        case
            when open_runs.open_from > months.month_start then open_runs.open_from
            else months.month_start
        end as piece_from,
        case
            when open_runs.open_until < months.next_month_start
                then open_runs.open_until
            else months.next_month_start
        end as piece_until
    from open_runs
    inner join months
        on
            months.month_start < open_runs.open_until
            and months.next_month_start > open_runs.open_from
    left join fx_rates
        on
            months.month_start = fx_rates.month_start
            and open_runs.currency = fx_rates.currency
),

open_deal_days as (
    select
        days.date_day,
        run_months.opportunity_id,
        run_months.owner_rep_id,
        run_months.team_id,
        run_months.default_probability,
        run_months.amount,
        run_months.is_fx_rate_missing
    from run_months
    inner join days
        on
            days.date_day >= run_months.piece_from
            and days.date_day < run_months.piece_until
),

aggregated as (
    select
        date_day,
        owner_rep_id,
        team_id,
        count(*) as open_opportunities,
        sum(amount) as open_pipeline_amount,
        sum(amount * default_probability) / 100 as weighted_pipeline_amount,
        sum(case when is_fx_rate_missing then 1 else 0 end)
            as fx_rate_missing_opportunities,
        sum(case when default_probability is null then 1 else 0 end)
            as unknown_stage_opportunities
    from open_deal_days
    group by 1, 2, 3
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(open_opportunities as integer) as open_opportunities,
        cast(open_pipeline_amount as {{ money_type() }}) as open_pipeline_amount,
        cast(weighted_pipeline_amount as {{ money_type() }})
            as weighted_pipeline_amount,
        cast(fx_rate_missing_opportunities as integer)
            as fx_rate_missing_opportunities,
        cast(unknown_stage_opportunities as integer) as unknown_stage_opportunities
    from aggregated
)

select * from final
