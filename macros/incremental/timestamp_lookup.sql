{#
    The value of a query that returns one timestamp (a watermark stored in this model,
    the last pass of a scoped test), for a filter: when dbt executes the node it is
    looked up once per node and query and rendered as a timestamp literal (a typed null
    when there is none). A constant filter is pushed into the scan, which skips the row
    groups outside it (the incremental tables grow by appending), while a scalar
    subquery is joined to every row (README, "Incremental models"). At parse time and
    in a unit test (whose relations are fixtures, not tables) it is the scalar subquery
    itself.
#}
{% macro timestamp_lookup(query) -%}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        ({{ query }})
    {%- else -%}
        {%- set looked_up = model.setdefault('_timestamp_lookups', {}) -%}
        {%- if query not in looked_up -%}
            {%- do looked_up.update({query: run_query(query).columns[0].values()[0]}) -%}
        {%- endif -%}
        {%- if looked_up[query] is none -%}
            cast(null as {{ dbt.type_timestamp() }})
        {%- else -%}
            cast('{{ looked_up[query] }}' as {{ dbt.type_timestamp() }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
