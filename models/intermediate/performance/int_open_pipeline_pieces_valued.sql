{#
    Every run of days during which an opportunity stood open
    (int_opportunity_states_historized), cut at month ends and valued at that month's FX
    rate: one row per open run and calendar month it touches, [piece_from, piece_until).
    The pipeline is valued as it stood each day (SPEC §3), and a month's rate holds for
    the whole piece, so int_open_pipeline_summed_to_rep_days adds each piece once, not
    once per day.
      - A run counts from the deal's creation day at the earliest, and a run still in
        force until the day after the as-of date.
      - A deal whose currency has no rate that month keeps its piece with a null amount
        (is_fx_rate_missing); a stage unknown to the seed has no default_probability.
      - Owner and team are the deal's current ones (int_opportunities_enriched).
#}
with

states as (
    select * from {{ ref('int_opportunity_states_historized') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

calendar as (
    select * from {{ ref('int_calendar_days_enriched') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

months as (
    select
        month_start,
        cast({{ dbt.dateadd('month', 1, 'month_start') }} as date) as next_month_start
    from calendar
    group by 1, 2
),

open_runs as (
    select
        states.opportunity_id,
        states.valid_from,
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

pieces as (
    select
        open_runs.opportunity_id,
        open_runs.valid_from,
        months.month_start,
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
)

select * from pieces
