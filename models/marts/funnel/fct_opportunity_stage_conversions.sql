{#
    Opportunity stage-to-stage conversion (SPEC §3), one row per opportunity and
    pipeline stage it reached: did it reach a later stage, and after how many whole
    calendar days. An opportunity reaches a stage at its first visit of that stage or any
    later open stage or closed_won (skipped stages are implied; a loss implies nothing).
    The last step, negotiation -> closed_won, is winning. Conversion of any slice is
    sum(is_converted) / count(*).
#}
with

spans as (
    select * from {{ ref('fct_opportunity_stage_spans') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

stages as (
    select * from {{ ref('opportunity_stages') }}
),

pipeline_stages as (
    select
        stage_name,
        stage_order
    from stages
    where stage_category != 'lost'
),

reached as (
    select
        spans.opportunity_id,
        pipeline_stages.stage_order,
        min(spans.entered_at) as reached_at
    from spans
    inner join pipeline_stages
        on spans.stage_order >= pipeline_stages.stage_order
    where spans.stage_category != 'lost' and not spans.is_orphan
    group by 1, 2
),

transitions as (
    select
        reached.opportunity_id,
        from_stages.stage_name as from_stage,
        reached.stage_order as from_stage_order,
        to_stages.stage_name as to_stage,
        reached.reached_at as from_stage_at,
        next_reached.reached_at as to_stage_at
    from reached
    inner join pipeline_stages as from_stages
        on reached.stage_order = from_stages.stage_order
    inner join pipeline_stages as to_stages
        on reached.stage_order + 1 = to_stages.stage_order
    left join reached as next_reached
        on
            reached.opportunity_id = next_reached.opportunity_id
            and reached.stage_order + 1 = next_reached.stage_order
),

final as (
    select
        cast(transitions.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast({{ dbt.date_trunc('month', 'opportunities.created_at') }} as date)
            as cohort_month,
        cast(transitions.from_stage as {{ dbt.type_string() }}) as from_stage,
        cast(transitions.from_stage_order as integer) as from_stage_order,
        cast(transitions.to_stage as {{ dbt.type_string() }}) as to_stage,
        cast(transitions.from_stage_at as {{ dbt.type_timestamp() }}) as from_stage_at,
        cast(transitions.to_stage_at as {{ dbt.type_timestamp() }}) as to_stage_at,
        transitions.to_stage_at is not null as is_converted,
        cast({{ dbt.datediff(
            'cast(transitions.from_stage_at as date)',
            'cast(transitions.to_stage_at as date)', 'day') }} as integer)
            as days_to_next_stage,
        opportunities.owner_rep_id,
        opportunities.team_id,
        opportunities.channel,
        opportunities.lead_source,
        opportunities.segment,
        opportunities.region,
        opportunities.is_new_customer,
        opportunities.product_family
    from transitions
    inner join opportunities
        on transitions.opportunity_id = opportunities.opportunity_id
)

select * from final
