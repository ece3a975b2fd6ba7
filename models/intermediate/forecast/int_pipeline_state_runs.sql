{#
    Every live opportunity's end-of-day states (int_opportunity_states_historized) from
    its creation day on, each with the owner it had and the state before it: the input
    of the pipeline movement (SPEC §8), one row per opportunity and run.
      - A run that ended before the deal was created is dropped, the one in force on
        the creation day starts there: the deal's first run is its creation.
      - The owner, close date and forecast category are the history row's where the
        history carries them (optional columns, SPEC §8), else the record's: a current
        view, not for a backtest. An owner the CRM does not know is `unknown`, as in
        int_opportunities_enriched.
      - previous_* describe the run before (null on the first run).
#}
with

states as (
    select * from {{ ref('int_opportunity_states_historized') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

runs_since_creation as (
    select
        states.opportunity_id,
        states.stage_category,
        states.is_open,
        states.default_probability,
        states.amount_local,
        states.currency,
        coalesce(states.close_date, opportunities.close_date) as close_date,
        coalesce(states.forecast_category, opportunities.forecast_category)
            as forecast_category,
        case
            when states.owner_rep_id is null then opportunities.owner_rep_id
            else coalesce(reps.rep_id, 'unknown')
        end as owner_rep_id,
        case
            when states.valid_from < cast(opportunities.created_at as date)
                then cast(opportunities.created_at as date)
            else states.valid_from
        end as valid_from,
        states.valid_to
    from states
    inner join opportunities
        on states.opportunity_id = opportunities.opportunity_id
    left join reps
        on states.owner_rep_id = reps.rep_id
    where
        states.valid_to is null
        or states.valid_to > cast(opportunities.created_at as date)
),

with_previous as (
    select
        *,
        {%- for column in ['is_open', 'amount_local', 'currency', 'owner_rep_id'] %}
        lag({{ column }}) over (
            partition by opportunity_id order by valid_from
        ) as previous_{{ column }},
        {%- endfor %}
        row_number() over (
            partition by opportunity_id order by valid_from
        ) = 1 as is_creation
    from runs_since_creation
)

select * from with_previous
