{#
    "Today" for every KPI (SPEC §4): var('as_of_date') when set, otherwise the latest
    event date in the data. Never the date the build runs.
#}
{% macro as_of_date() -%}
    {%- if var('as_of_date') -%}
        cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        (select as_of_date from {{ ref('int_data_date_bounds') }})
    {%- endif -%}
{%- endmacro %}
