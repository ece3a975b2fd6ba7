-- The replayed pipeline ends where the CRM stands: on the as-of date, each rep's open
-- deals in fct_pipeline_daily are the open opportunities of fct_opportunities created
-- on or before it. A difference means the stage history disagrees with the
-- opportunity's current stage (history not delivered yet): a warning, not an error.
{{ config(severity='warn') }}

with

pipeline_daily as (
    select * from {{ ref('fct_pipeline_daily') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

replayed as (
    select
        owner_rep_id,
        open_opportunities
    from pipeline_daily
    where date_day = {{ as_of_date() }}
),

current_state as (
    select
        owner_rep_id,
        count(*) as open_opportunities
    from opportunities
    where
        not is_closed
        and cast(created_at as date) <= {{ as_of_date() }}
    group by 1
)

select
    coalesce(replayed.owner_rep_id, current_state.owner_rep_id) as owner_rep_id,
    replayed.open_opportunities as replayed_open_opportunities,
    current_state.open_opportunities as current_open_opportunities
from replayed
full outer join current_state
    on replayed.owner_rep_id = current_state.owner_rep_id
where
    coalesce(replayed.open_opportunities, 0)
    != coalesce(current_state.open_opportunities, 0)
