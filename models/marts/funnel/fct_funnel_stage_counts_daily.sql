{#
    Counts per period (SPEC §3): leads reaching each funnel stage (and disqualified) per
    day, at the finest grain of every funnel slice, so any week, month or slice is a plain
    sum. A lead counts once per stage, on the day it first reached it.
#}
{%- set stages = lead_funnel_stages() + [{'stage': 'disqualified', 'column': 'disqualified_at'}] -%}
{%- set slices = funnel_slice_columns() -%}

with

leads as (
    select * from {{ ref('fct_leads') }}
),

stage_reached as (
    {%- for stage in stages %}
    select
        cast({{ stage.column }} as date) as date_day,
        '{{ stage.stage }}' as funnel_stage,
        {{ loop.index }} as funnel_stage_order,
        {{ slices | join(',\n        ') }}
    from leads
    where {{ stage.column }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

counted as (
    select
        cast(date_day as date) as date_day,
        cast(funnel_stage as {{ dbt.type_string() }}) as funnel_stage,
        cast(funnel_stage_order as integer) as funnel_stage_order,
        {%- for column in slices %}
        {{ column }},
        {%- endfor %}
        cast(count(*) as integer) as leads
    from stage_reached
    group by {{ range(1, slices | length + 4) | join(', ') }}
)

select * from counted
