{#
    The bookings the statistical forecast expects, as of each checkpoint, from deals not
    created yet (SPEC §8), per owner: from the deals created in the trailing
    `forecast_training_days` days whose whole window of days left had passed by the
    checkpoint (so their outcome was known then: no leakage). A deal created on a day
    and won L days later would, created on one of the period's days left, be won in
    time on (days left - L) of them: expected = Σ won amount × max(0, days left - L) ÷
    training days. The owner is the one on the deal's first run (null where the stage
    history does not carry owners); won amounts at the rate of the month won.
#}
with

checkpoints as (
    select * from {{ ref('int_forecast_checkpoints') }}
),

runs as (
    select * from {{ ref('int_pipeline_state_runs') }}
),

states as (
    select * from {{ ref('int_opportunity_states_historized') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

first_wins as (
    select
        states.opportunity_id,
        min(states.valid_from) as won_on
    from states
    where states.stage_category = 'won'
    group by 1
),

won_amounts as (
    select
        first_wins.opportunity_id,
        first_wins.won_on,
        coalesce({{ convert_currency(
            'states.amount_local', 'states.currency', 'fx_rates.rate_to_reporting'
        ) }}, 0) as won_amount
    from first_wins
    inner join states
        on
            first_wins.opportunity_id = states.opportunity_id
            and first_wins.won_on = states.valid_from
    left join fx_rates
        on
            cast({{ dbt.date_trunc('month', 'first_wins.won_on') }} as date)
            = fx_rates.month_start
            and states.currency = fx_rates.currency
),

created_deals as (
    select
        creation.opportunity_id,
        states.owner_rep_id,
        creation.valid_from as created_on,
        won_amounts.won_amount,
        cast({{ dbt.datediff(
            'creation.valid_from', 'won_amounts.won_on', 'day') }} as integer)
            as days_to_win
    from runs as creation
    inner join states
        on
            creation.opportunity_id = states.opportunity_id
            and states.valid_from <= creation.valid_from
            and (states.valid_to is null or states.valid_to > creation.valid_from)
    inner join won_amounts
        on creation.opportunity_id = won_amounts.opportunity_id
    where creation.is_creation
),

expected as (
    select
        checkpoints.period_type,
        checkpoints.period_start,
        checkpoints.checkpoint_date,
        created_deals.owner_rep_id,
        cast(
            {{ forecast_share(
                'sum(created_deals.won_amount'
                ~ ' * (checkpoints.days_left - created_deals.days_to_win))',
                var('forecast_training_days')) }}
            as {{ money_type() }}
        ) as expected_amount
    from checkpoints
    inner join created_deals
        on
            created_deals.days_to_win >= 0
            and created_deals.days_to_win < checkpoints.days_left
            and created_deals.created_on <= {{ dbt.dateadd(
                'day', '-checkpoints.days_left', 'checkpoints.checkpoint_date') }}
            and created_deals.created_on > {{ dbt.dateadd(
                'day',
                '-(checkpoints.days_left + ' ~ var('forecast_training_days') ~ ')',
                'checkpoints.checkpoint_date') }}
    group by 1, 2, 3, 4
)

select * from expected
