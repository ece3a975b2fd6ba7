{#
    One row per stage visit of an opportunity, replayed from the stage history (SPEC §3):
    rows are ordered by time (the raw order means nothing), consecutive rows at the same
    stage are one visit (repeats), a move to an earlier stage or a re-opened deal starts
    a new visit. An opportunity with no history gets one visit at its current stage from
    its creation. A visit ends when the next one starts; the last visit of an open deal
    runs to the as-of date, the last visit of a closed deal has no end.
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
        opportunity_id,
        stage_name,
        changed_at,
        stage_change_id
    from stage_history
    where stage_name is not null
),

opportunities_without_history as (
    select
        opportunities.opportunity_id,
        opportunities.stage_name,
        opportunities.created_at as changed_at,
        cast(null as {{ dbt.type_string() }}) as stage_change_id
    from opportunities
    left join history_changes
        on opportunities.opportunity_id = history_changes.opportunity_id
    where history_changes.opportunity_id is null
        and opportunities.stage_name is not null
),

changes as (
    select * from history_changes
    union all
    select * from opportunities_without_history
),

ordered_changes as (
    select
        *,
        lag(stage_name) over (
            partition by opportunity_id
            order by changed_at, stage_change_id
        ) as previous_stage_name
    from changes
),

visit_starts as (
    select
        opportunity_id,
        stage_name,
        changed_at as entered_at,
        stage_change_id
    from ordered_changes
    where previous_stage_name is null or previous_stage_name != stage_name
),

visits as (
    select
        opportunity_id,
        stage_name,
        entered_at,
        row_number() over (
            partition by opportunity_id order by entered_at, stage_change_id
        ) as visit_number,
        lead(entered_at) over (
            partition by opportunity_id order by entered_at, stage_change_id
        ) as exited_at,
        lead(stage_name) over (
            partition by opportunity_id order by entered_at, stage_change_id
        ) as next_stage_name
    from visit_starts
),

spans as (
    select
        visits.opportunity_id,
        visits.visit_number,
        visits.stage_name,
        stages.stage_order,
        stages.stage_category,
        visits.entered_at,
        visits.exited_at,
        visits.next_stage_name,
        next_stages.stage_order as next_stage_order,
        visits.exited_at is null as is_current_stage,
        case
            when visits.exited_at is not null
                then {{ dbt.datediff(
                    'cast(visits.entered_at as date)',
                    'cast(visits.exited_at as date)', 'day') }}
            when stages.stage_category = 'open'
                then {{ dbt.datediff(
                    'cast(visits.entered_at as date)', as_of_date(), 'day') }}
        end as days_in_stage
    from visits
    left join stages
        on visits.stage_name = stages.stage_name
    left join stages as next_stages
        on visits.next_stage_name = next_stages.stage_name
)

select * from spans
