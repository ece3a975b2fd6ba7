{#
    One row per stage visit of an opportunity (SPEC §5), replayed from the stage history
    by int_opportunity_stage_spans: repeats collapse into one visit, a backward move or a
    re-opened deal starts a new one. days_in_stage counts whole calendar days; the
    current visit of an open deal runs to the as-of date.
#}
with

spans as (
    select * from {{ ref('int_opportunity_stage_spans') }}
),

opportunities as (
    select opportunity_id from {{ ref('stg_crm__opportunities') }}
),

final as (
    select
        cast(spans.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(spans.visit_number as integer) as visit_number,
        cast(spans.stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(spans.stage_order as integer) as stage_order,
        cast(spans.stage_category as {{ dbt.type_string() }}) as stage_category,
        cast(spans.entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(spans.exited_at as {{ dbt.type_timestamp() }}) as exited_at,
        cast(spans.days_in_stage as integer) as days_in_stage,
        cast(spans.next_stage_name as {{ dbt.type_string() }}) as next_stage_name,
        spans.is_current_stage,
        coalesce(spans.next_stage_order < spans.stage_order, false) as is_backward_move,
        opportunities.opportunity_id is null as is_orphan
    from spans
    left join opportunities
        on spans.opportunity_id = opportunities.opportunity_id
)

select * from final
