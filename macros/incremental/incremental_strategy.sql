{#
    The incremental strategy of every incremental model (README, "Incremental models"):
    replace the rows of the keys a run recomputes. Models name no strategy themselves:
    `config(incremental_strategy=incremental_strategy())`, so an engine is ported by
    adding its own version here (dbt-duckdb has delete+insert; Spark on plain Parquet
    has none of them and builds tables: incremental_materialization).
#}
{% macro incremental_strategy() %}
    {{ return(adapter.dispatch('incremental_strategy', 'sales_warehouse')()) }}
{% endmacro %}

{% macro default__incremental_strategy() %}
    {{ return('delete+insert') }}
{% endmacro %}
