{#
    Every deal that counts in a forecast as it stood at the end of each checkpoint day
    (int_forecast_checkpoints; SPEC §8 "an opportunity as of day d"): the open deals, and
    the deals won in the period by then. Only what was known that day: the stage-history
    run in force (int_opportunity_states_historized) of a deal created by then, with the
    owner, close date and forecast category the history carried (null where it does
    not: the record is known only as of today). Open amounts at the checkpoint month's FX
    rate, won amounts at the rate of the month they were won in.
#}
with

checkpoints as (
    select * from {{ ref('int_forecast_checkpoints') }}
),

states as (
    select * from {{ ref('int_opportunity_states_historized') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

states_as_of as (
    select
        checkpoints.period_type,
        checkpoints.period_start,
        checkpoints.period_end,
        checkpoints.checkpoint_date,
        states.opportunity_id,
        states.owner_rep_id,
        states.stage_name,
        states.is_open,
        states.default_probability,
        states.amount_local,
        states.currency,
        states.close_date,
        states.forecast_category,
        {{ forecast_age_bucket(
            'opportunities.created_at', 'checkpoints.checkpoint_date') }}
            as age_bucket,
        cast({{ dbt.date_trunc(
            'month',
            'case when states.is_open then checkpoints.checkpoint_date'
            ~ ' else states.valid_from end'
        ) }} as date) as valued_in_month
    from checkpoints
    inner join states
        on
            states.valid_from <= checkpoints.checkpoint_date
            and (
                states.valid_to is null
                or states.valid_to > checkpoints.checkpoint_date
            )
    inner join opportunities
        on
            states.opportunity_id = opportunities.opportunity_id
            and cast(opportunities.created_at as date) <= checkpoints.checkpoint_date
    where
        states.is_open
        or (
            states.stage_category = 'won'
            and states.valid_from >= checkpoints.period_start
        )
),

valued as (
    select
        states_as_of.period_type,
        states_as_of.period_start,
        states_as_of.period_end,
        states_as_of.checkpoint_date,
        states_as_of.opportunity_id,
        states_as_of.owner_rep_id,
        states_as_of.stage_name,
        states_as_of.is_open,
        states_as_of.default_probability,
        states_as_of.close_date,
        states_as_of.forecast_category,
        states_as_of.age_bucket,
        coalesce({{ convert_currency(
            'states_as_of.amount_local', 'states_as_of.currency',
            'fx_rates.rate_to_reporting'
        ) }}, 0) as amount
    from states_as_of
    left join fx_rates
        on
            states_as_of.valued_in_month = fx_rates.month_start
            and states_as_of.currency = fx_rates.currency
)

select * from valued
