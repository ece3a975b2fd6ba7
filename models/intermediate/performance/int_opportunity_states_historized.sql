{#
    The state of every live opportunity at the end of each day, replayed from its stage
    history (SPEC §2 rule 6, §3 pipeline, §8 "an opportunity as of day d"): one row per
    opportunity and run of calendar days [valid_from, valid_to) during which its
    end-of-day stage and amount hold; the deal as of day d is the run holding on d.
      - Owner, close date, forecast category and probability are the history row's
        (optional columns, SPEC §8), null where the history does not carry them: a
        current view may fall back to the record, a backtest may not (the record is
        known only as of today).
      - Every history row is a change point, not only a change of stage: a new amount
        within the same stage counts from the day of that row. Rows are ordered by time
        (the raw order means nothing); of several rows on one day the last one is the
        end-of-day state. A move back, or a lost deal re-opened, simply starts a new run.
      - The amount is the amount on the latest row (its own currency, else the deal's);
        a row without an amount keeps the deal's current amount.
      - An opportunity without any history row has one run from its creation at its
        current stage and amount (as int_opportunity_stage_spans does), with the
        record's owner, close date, forecast category and probability.
      - A stage in the seed `opportunity_stages` is open when its category is `open`;
        a stage the seed does not know (`other`) counts as open, with no probability:
        the deal was neither won nor lost.
#}
with

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stages as (
    select * from {{ ref('opportunity_stages') }}
),

history_changes as (
    select
        stage_history.opportunity_id,
        stage_history.stage_change_id,
        stage_history.stage_name,
        coalesce(stage_history.amount_local, opportunities.amount_local)
            as amount_local,
        coalesce(stage_history.currency, opportunities.currency) as currency,
        stage_history.owner_rep_id,
        stage_history.close_date,
        stage_history.forecast_category,
        stage_history.probability,
        stage_history.changed_at
    from stage_history
    inner join opportunities
        on stage_history.opportunity_id = opportunities.opportunity_id
    where stage_history.stage_name is not null
),

opportunities_without_history as (
    select
        opportunities.opportunity_id,
        cast(null as {{ dbt.type_string() }}) as stage_change_id,
        opportunities.stage_name,
        opportunities.amount_local,
        opportunities.currency,
        opportunities.owner_rep_id,
        opportunities.close_date,
        opportunities.forecast_category,
        opportunities.probability,
        opportunities.created_at as changed_at
    from opportunities
    left join history_changes
        on opportunities.opportunity_id = history_changes.opportunity_id
    where
        history_changes.opportunity_id is null
        and opportunities.stage_name is not null
),

changes as (
    select * from history_changes
    union all
    select * from opportunities_without_history
),

changes_ranked_within_day as (
    select
        *,
        cast(changed_at as date) as change_date,
        row_number() over (
            partition by opportunity_id, cast(changed_at as date)
            order by changed_at desc, stage_change_id desc
        ) as rank_within_day
    from changes
),

end_of_day_states as (
    select
        opportunity_id,
        stage_change_id,
        stage_name,
        amount_local,
        currency,
        owner_rep_id,
        close_date,
        forecast_category,
        probability,
        changed_at,
        change_date as valid_from,
        lead(change_date) over (
            partition by opportunity_id order by change_date
        ) as valid_to
    from changes_ranked_within_day
    where rank_within_day = 1
),

final as (
    select
        end_of_day_states.opportunity_id,
        end_of_day_states.stage_change_id,
        end_of_day_states.stage_name,
        stages.stage_category,
        coalesce(stages.stage_category, 'open') = 'open' as is_open,
        stages.default_probability,
        end_of_day_states.amount_local,
        end_of_day_states.currency,
        end_of_day_states.owner_rep_id,
        end_of_day_states.close_date,
        end_of_day_states.forecast_category,
        end_of_day_states.probability,
        end_of_day_states.changed_at,
        end_of_day_states.valid_from,
        end_of_day_states.valid_to
    from end_of_day_states
    left join stages
        on end_of_day_states.stage_name = stages.stage_name
)

select * from final
