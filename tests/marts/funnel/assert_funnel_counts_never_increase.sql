-- Within a cohort (month created x channel), fewer or as many leads reach each funnel stage
-- as reached the one before: later stages imply earlier ones (SPEC §3).
{%- set stages = lead_funnel_stages() %}

with

cohorts as (
    select
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as cohort_month,
        channel,
        {%- for stage in stages %}
        count({{ stage.column }}) as reached_{{ stage.stage }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('fct_leads') }}
    group by 1, 2
)

select *
from cohorts
where
    {%- for stage in stages[1:] %}
    {{ 'or ' if not loop.first }}reached_{{ stage.stage }} > reached_{{ stages[loop.index0].stage }}
    {%- endfor %}
