{#-
    SQL expression of the first day of the month, fiscal quarter or fiscal year (a
    scorecard period type) containing a date.
#}
{% macro scorecard_period_start(period_type, date_expression) -%}
    {%- if period_type == 'month' -%}
        cast({{ dbt.date_trunc('month', date_expression) }} as date)
    {%- else -%}
        {{ fiscal_period_start(date_expression, period_type) }}
    {%- endif -%}
{%- endmacro %}
