{#
    How each forecast method did (SPEC §8 backtest): for every complete month and fiscal
    quarter, every checkpoint in it (its first day and every Monday) and every method
    (int_forecast_rep_forecasts), the forecast of the period's bookings as of the end
    of the checkpoint day against the actual bookings (as fct_sales_scorecard counts
    them: won deals by close date, at the close month's rate), per rep, team and
    company. error = forecast - actual; absolute percentage error = |error| ÷ actual,
    null when the actual is 0. A rep or team with bookings but nothing forecast has a
    forecast of 0; the forecast's owner is the one the history carried that day, the
    actual's the deal's current owner (as the scorecard's).
#}
with

checkpoints as (
    select * from {{ ref('int_forecast_checkpoints') }}
    where is_complete_period and is_backtest_checkpoint
),

forecasts as (
    select * from {{ ref('int_forecast_rep_forecasts') }}
),

won as (
    select * from {{ ref('int_won_opportunities_booked') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

methods as (
    select distinct method from forecasts
),

-- The parts of each forecast and actual, with the scopes they count for.
parts as (
    select
        forecasts.period_type,
        forecasts.period_start,
        forecasts.checkpoint_date,
        forecasts.method,
        forecasts.owner_rep_id as rep_id,
        reps.team_id,
        forecasts.forecast_amount,
        cast(null as {{ money_type() }}) as actual_amount
    from forecasts
    inner join checkpoints
        on
            forecasts.period_type = checkpoints.period_type
            and forecasts.period_start = checkpoints.period_start
            and forecasts.checkpoint_date = checkpoints.checkpoint_date
    left join reps
        on forecasts.owner_rep_id = reps.rep_id
    union all
    select
        checkpoints.period_type,
        checkpoints.period_start,
        checkpoints.checkpoint_date,
        methods.method,
        won.owner_rep_id as rep_id,
        won.team_id,
        null as forecast_amount,
        won.amount as actual_amount
    from checkpoints
    inner join won
        on won.close_date between checkpoints.period_start and checkpoints.period_end
    cross join methods
),

scoped as (
    {%- for scope, scope_id in [
        ('rep', 'rep_id'), ('team', 'team_id'), ('company', "'company'")] %}
    select
        period_type,
        period_start,
        checkpoint_date,
        method,
        '{{ scope }}' as scope,
        {{ scope_id }} as scope_id,
        sum(forecast_amount) as forecast_amount,
        coalesce(sum(actual_amount), 0) as actual_amount
    from parts
    where {{ scope_id }} is not null
    group by 1, 2, 3, 4, 5, 6
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

rounded as (
    select
        scoped.period_type,
        scoped.period_start,
        scoped.checkpoint_date,
        checkpoints.days_into_period,
        scoped.method,
        scoped.scope,
        scoped.scope_id,
        cast(coalesce(scoped.forecast_amount, 0) as {{ money_type() }})
            as forecast_amount,
        cast(scoped.actual_amount as {{ money_type() }}) as actual_amount
    from scoped
    inner join checkpoints
        on
            scoped.period_type = checkpoints.period_type
            and scoped.period_start = checkpoints.period_start
            and scoped.checkpoint_date = checkpoints.checkpoint_date
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(checkpoint_date as date) as checkpoint_date,
        cast(days_into_period as integer) as days_into_period,
        cast(method as {{ dbt.type_string() }}) as method,
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(scope_id as {{ dbt.type_string() }}) as scope_id,
        forecast_amount,
        actual_amount,
        cast(forecast_amount - actual_amount as {{ money_type() }}) as error_amount,
        -- 6 places: a ratio of cents, to 0.0001 percentage points
        cast(
            {{ safe_divide('abs(forecast_amount - actual_amount)', 'actual_amount') }}
            as decimal(18, 6)
        ) as absolute_percentage_error
    from rounded
)

select * from final
