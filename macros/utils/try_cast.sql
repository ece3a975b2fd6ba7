{#
    Cast that yields null instead of failing on a bad value. dbt.safe_cast renders a plain
    `cast` on DuckDB (dbt-duckdb has no override), which aborts the whole model on one bad
    row; staging must quarantine that row instead.
#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'sales_warehouse')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
