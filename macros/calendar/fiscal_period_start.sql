{#
    First day of the fiscal quarter or fiscal year containing a date. The fiscal year
    starts in month var('fiscal_year_start_month') (1 = January, SPEC §4); months, weeks
    and days do not depend on it.
#}
{% macro fiscal_period_start(date_expression, period) -%}
    {%- set offset = (var('fiscal_year_start_month') | int) - 1 -%}
    {%- if period not in ('quarter', 'year') -%}
        {{ exceptions.raise_compiler_error("fiscal_period_start: period must be quarter or year") }}
    {%- endif -%}
    {%- if offset == 0 -%}
        cast({{ dbt.date_trunc(period, date_expression) }} as date)
    {%- else -%}
        cast({{ dbt.dateadd('month', offset, dbt.date_trunc(
            period, dbt.dateadd('month', -offset, date_expression))) }} as date)
    {%- endif -%}
{%- endmacro %}
