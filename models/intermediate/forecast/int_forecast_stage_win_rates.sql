{#
    What the statistical forecast learns as of each checkpoint (SPEC §8): per stage and
    age (days since the deal was created: up to 30, 90, 180, older), how many of the
    deals that stood open so went on to win within as many days as the period has left.
    A sample is an open deal at the end of the first day of a month (its
    int_opportunity_states_historized run), from the trailing `forecast_training_days`
    days whose whole window of days left had passed by the checkpoint: its outcome was
    known then, so nothing after the checkpoint is read (no leakage). A deal wins when
    one of its later runs is won, within the days left of the sample's day. Each stage
    also has a row for any age (`age_bucket` = `any`).
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

sample_days as (
    select distinct period_start as sampled_on
    from checkpoints
    where period_type = 'month'
),

wins as (
    select
        opportunity_id,
        valid_from as won_on
    from states
    where stage_category = 'won'
),

samples as (
    select
        states.opportunity_id,
        states.stage_name,
        sample_days.sampled_on,
        {{ forecast_age_bucket('opportunities.created_at', 'sample_days.sampled_on') }}
            as age_bucket,
        min(wins.won_on) as next_won_on
    from sample_days
    inner join states
        on
            states.valid_from <= sample_days.sampled_on
            and (states.valid_to is null or states.valid_to > sample_days.sampled_on)
    inner join opportunities
        on
            states.opportunity_id = opportunities.opportunity_id
            and cast(opportunities.created_at as date) <= sample_days.sampled_on
    left join wins
        on
            states.opportunity_id = wins.opportunity_id
            and wins.won_on > sample_days.sampled_on
    where states.is_open
    group by 1, 2, 3, 4
),

samples_with_lag as (
    select
        stage_name,
        age_bucket,
        sampled_on,
        cast({{ dbt.datediff(
            'sampled_on', 'next_won_on', 'day') }} as integer) as days_to_win
    from samples
),

learnt as (
    select
        checkpoints.period_type,
        checkpoints.period_start,
        checkpoints.checkpoint_date,
        samples_with_lag.stage_name,
        samples_with_lag.age_bucket,
        count(*) as samples,
        sum(
            case
                when samples_with_lag.days_to_win <= checkpoints.days_left then 1
                else 0
            end
        ) as wins
    from checkpoints
    inner join samples_with_lag
        on
            samples_with_lag.sampled_on <= {{ dbt.dateadd(
                'day', '-checkpoints.days_left', 'checkpoints.checkpoint_date') }}
            and samples_with_lag.sampled_on > {{ dbt.dateadd(
                'day',
                '-(checkpoints.days_left + ' ~ var('forecast_training_days') ~ ')',
                'checkpoints.checkpoint_date') }}
    group by 1, 2, 3, 4, 5
),

-- Any age: what a stage and age with too few samples falls back to.
learnt_by_stage as (
    select
        period_type,
        period_start,
        checkpoint_date,
        stage_name,
        'any' as age_bucket,
        sum(samples) as samples,
        sum(wins) as wins
    from learnt
    group by 1, 2, 3, 4
),

final as (
    select * from learnt
    union all
    select * from learnt_by_stage
)

select * from final
