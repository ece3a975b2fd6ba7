{#
    Cohort conversion (SPEC §3), one row per lead and funnel stage it reached (except the
    last): did it reach the next stage, and how many whole calendar days later. Of the
    leads of a cohort month that reached stage k, the share that reached k+1 is
    sum(is_converted) / count(*) for any slice (every slice column is here), and the
    median days is median(days_to_next_stage) over converted rows.
#}
{%- set stages = lead_funnel_stages() -%}

with

leads as (
    select * from {{ ref('fct_leads') }}
),

transitions as (
    {%- for stage in stages[:-1] %}
    {%- set next_stage = stages[loop.index] %}
    select
        lead_id,
        '{{ stage.stage }}' as from_stage,
        {{ loop.index }} as from_stage_order,
        '{{ next_stage.stage }}' as to_stage,
        {{ stage.column }} as from_stage_at,
        {{ next_stage.column }} as to_stage_at
    from leads
    where {{ stage.column }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        cast(transitions.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast({{ dbt.date_trunc('month', 'leads.created_at') }} as date) as cohort_month,
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
        leads.{{ funnel_slice_columns() | join(',\n        leads.') }}
    from transitions
    inner join leads
        on transitions.lead_id = leads.lead_id
)

select * from final
