{#
    The materialization of every incremental model (README, "Incremental models"):
    `config(materialized=incremental_materialization(), ...)`. dbt-spark on plain Parquet
    tables (the `spark` target) has no delete+insert and no merge (merge needs Delta,
    Iceberg or Hudi), so there the models are rebuilt as tables on every run; a Spark
    deployment on Delta returns `incremental` and `merge` (incremental_strategy).
#}
{% macro incremental_materialization() %}
    {{ return(adapter.dispatch('incremental_materialization', 'sales_warehouse')()) }}
{% endmacro %}

{% macro default__incremental_materialization() %}
    {{ return('incremental') }}
{% endmacro %}

{% macro spark__incremental_materialization() %}
    {{ return('table') }}
{% endmacro %}
