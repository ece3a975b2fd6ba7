{#
    The start of this dbt invocation (`run_started_at`, UTC) as a timestamp literal.
    An incremental model stamps the rows it recomputes with it (`_recomputed_at`), so
    that a model downstream can tell the rows of this run from older ones (README,
    "Incremental models").
#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
