{#
    The three NPS classes of a score as 0/1 columns (SPEC §3): is_promoter (9-10),
    is_passive (7-8), is_detractor (0-6). Sum them, then
    nps = (promoters - detractors) / responses x 100.
#}
{% macro nps_score_flags(score) -%}
    case when {{ score }} >= 9 then 1 else 0 end as is_promoter,
    case when {{ score }} between 7 and 8 then 1 else 0 end as is_passive,
    case when {{ score }} <= 6 then 1 else 0 end as is_detractor
{%- endmacro %}
