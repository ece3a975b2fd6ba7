-- The daily stage counts hold every lead once per stage it reached: their total per stage
-- equals the number of leads in fct_leads with that stage's time.
{%- set stages = lead_funnel_stages() %}

with

from_leads as (
    {%- for stage in stages %}
    select
        '{{ stage.stage }}' as funnel_stage,
        count({{ stage.column }}) as leads
    from {{ ref('fct_leads') }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

from_counts as (
    select
        funnel_stage,
        sum(leads) as leads
    from {{ ref('fct_funnel_stage_counts_daily') }}
    group by 1
)

select
    from_leads.funnel_stage,
    from_leads.leads as leads_in_fct_leads,
    from_counts.leads as leads_in_daily_counts
from from_leads
left join from_counts
    on from_leads.funnel_stage = from_counts.funnel_stage
where from_counts.leads is null and from_leads.leads > 0
    or from_counts.leads != from_leads.leads
