{#
    Each forecast method's forecast of a period's bookings as of each checkpoint, per
    owner (SPEC §8), from what was known at the end of the checkpoint day only
    (int_forecast_deal_states, int_forecast_stage_win_rates,
    int_forecast_new_deal_bookings):
      - statistical: won so far + Σ open amount × the learnt probability that a deal in
        its stage and of its age wins within the days left (of any age while there
        are fewer than `forecast_min_stage_samples` samples; with too few of those
        too, the stage's default probability)
        + the bookings expected from deals not created yet;
      - weighted_pipeline: won so far + Σ amount × stage default probability of the
        open deals whose close date (as of the checkpoint) is in the period;
      - run_rate: won so far ÷ working days elapsed × working days in the period (the
        goal run-rate projection; null before the first working day);
      - commit and best_case: won so far + the open deals closing in the period in
        forecast category commit (and best case).
    The methods that need the history's close dates or forecast categories appear only
    when the stage history carries them. The owner is the history's (null where it does
    not carry owners: such deals count for the company only).
#}
with

checkpoints as (
    select * from {{ ref('int_forecast_checkpoints') }}
),

deal_states as (
    select
        *,
        is_open and close_date between period_start and period_end
            as closes_in_period
    from {{ ref('int_forecast_deal_states') }}
),

win_rates as (
    select * from {{ ref('int_forecast_stage_win_rates') }}
),

new_deals as (
    select * from {{ ref('int_forecast_new_deal_bookings') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

history_carries as (
    select
        count(close_date) > 0 as close_dates,
        count(close_date) > 0 and count(forecast_category) > 0
            as forecast_categories
    from stage_history
),

deal_parts as (
    select
        deal_states.period_type,
        deal_states.period_start,
        deal_states.checkpoint_date,
        deal_states.owner_rep_id,
        case when not deal_states.is_open then deal_states.amount end as won,
        -- each deal's part in cents, so that the sums are exact whatever their order
        cast(
            case when deal_states.is_open then deal_states.amount end
            * case
                when win_rates.samples >= {{ var('forecast_min_stage_samples') }}
                    then {{ forecast_share('win_rates.wins', 'win_rates.samples') }}
                when stage_win_rates.samples >= {{ var('forecast_min_stage_samples') }}
                    then {{ forecast_share(
                        'stage_win_rates.wins', 'stage_win_rates.samples') }}
                else deal_states.default_probability * 0.01
            end
            as {{ money_type() }}
        ) as statistical_open,
        cast(
            case
                when deal_states.closes_in_period
                    then deal_states.amount * deal_states.default_probability * 0.01
            end
            as {{ money_type() }}
        ) as weighted_open,
        case
            when
                deal_states.closes_in_period
                and deal_states.forecast_category = 'commit'
                then deal_states.amount
        end as commit_open,
        case
            when
                deal_states.closes_in_period
                and deal_states.forecast_category = 'best_case'
                then deal_states.amount
        end as best_case_open,
        cast(null as double) as new_deals
    from deal_states
    left join win_rates
        on
            deal_states.period_type = win_rates.period_type
            and deal_states.period_start = win_rates.period_start
            and deal_states.checkpoint_date = win_rates.checkpoint_date
            and deal_states.stage_name = win_rates.stage_name
            and deal_states.age_bucket = win_rates.age_bucket
            and deal_states.is_open
    left join win_rates as stage_win_rates
        on
            deal_states.period_type = stage_win_rates.period_type
            and deal_states.period_start = stage_win_rates.period_start
            and deal_states.checkpoint_date = stage_win_rates.checkpoint_date
            and deal_states.stage_name = stage_win_rates.stage_name
            and stage_win_rates.age_bucket = 'any'
            and deal_states.is_open
    union all
    select
        period_type,
        period_start,
        checkpoint_date,
        owner_rep_id,
        null as won,
        null as statistical_open,
        null as weighted_open,
        null as commit_open,
        null as best_case_open,
        expected_amount as new_deals
    from new_deals
),

summed as (
    select
        period_type,
        period_start,
        checkpoint_date,
        owner_rep_id,
        coalesce(sum(won), 0) as won,
        coalesce(sum(statistical_open), 0) + coalesce(sum(new_deals), 0)
            as statistical_rest,
        coalesce(sum(weighted_open), 0) as weighted_open,
        coalesce(sum(commit_open), 0) as commit_open,
        coalesce(sum(best_case_open), 0) as best_case_open
    from deal_parts
    group by 1, 2, 3, 4
),

methods as (
    {%- set methods = [
        ('statistical', 'summed.won + summed.statistical_rest', 'true'),
        ('weighted_pipeline', 'summed.won + summed.weighted_open',
            'history_carries.close_dates'),
        ('run_rate', forecast_share(
            'summed.won * checkpoints.working_days_in_period',
            'checkpoints.working_days_elapsed'), 'true'),
        ('commit', 'summed.won + summed.commit_open',
            'history_carries.forecast_categories'),
        ('best_case', 'summed.won + summed.commit_open + summed.best_case_open',
            'history_carries.forecast_categories'),
    ] %}
    {%- for method, forecast, available in methods %}
    select
        summed.period_type,
        summed.period_start,
        summed.checkpoint_date,
        summed.owner_rep_id,
        '{{ method }}' as method,
        cast({{ forecast }} as {{ money_type() }}) as forecast_amount
    from summed
    inner join checkpoints
        on
            summed.period_type = checkpoints.period_type
            and summed.period_start = checkpoints.period_start
            and summed.checkpoint_date = checkpoints.checkpoint_date
    cross join history_carries
    where {{ available }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from methods
