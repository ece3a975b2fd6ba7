{#- SQL expression of the last day of a period of `months` months starting on a date. #}
{% macro scorecard_period_end(period_start, months) -%}
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', months, period_start)) }} as date)
{%- endmacro %}
