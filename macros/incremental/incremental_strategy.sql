{#
    The incremental strategy of every incremental model (README, "Incremental models"):
    replace the rows of the keys a run recomputes. Models name no strategy themselves:
    `config(incremental_strategy=incremental_strategy())`, so an engine is ported by
    adding its own version here (an engine without delete+insert on its tables, e.g.
    Spark on plain Parquet, returns `merge` or `insert_overwrite`).
#}
{% macro incremental_strategy() %}
    {{ return(adapter.dispatch('incremental_strategy', 'sales_warehouse')()) }}
{% endmacro %}

{% macro default__incremental_strategy() %}
    {{ return('delete+insert') }}
{% endmacro %}

{# dbt-duckdb has delete+insert, merge and microbatch, no insert_overwrite. #}
{% macro duckdb__incremental_strategy() %}
    {{ return('delete+insert') }}
{% endmacro %}
