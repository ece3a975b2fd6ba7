{#
    The raw tables upstream of every public mart, read from dbt's graph: a list of
    (mart, source system, raw table). audit_mart_sources stores it, so the dashboard and
    the GX mart checks can tell a mart that is empty because a source delivered nothing
    (SPEC §6) from a broken one. Empty at parse time (no graph yet). A source system's
    adapter model (SPEC §7) stands for the contract table it produces, so the lineage
    names contract tables whatever the delivery's shape.
#}
{% macro mart_source_lineage() %}
    {%- set lineage = [] -%}
    {%- if not execute -%}
        {{ return(lineage) }}
    {%- endif -%}
    {%- set memo = {} -%}
    {%- for node in graph.nodes.values() | sort(attribute='name')
        if node.resource_type == 'model' and node.package_name == project_name
        and node.fqn[1] == 'marts' -%}
        {%- for source_id in upstream_source_ids(node.unique_id, memo) | sort -%}
            {%- set source_node = graph.sources[source_id] -%}
            {%- do lineage.append(
                (node.name, source_node.source_name, source_node.identifier)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(lineage) }}
{% endmacro %}

{# Every source a node reads, directly or through its parents (memoised per node). #}
{% macro upstream_source_ids(unique_id, memo) %}
    {%- if unique_id in memo -%}
        {{ return(memo[unique_id]) }}
    {%- endif -%}
    {%- set found = [] -%}
    {%- set node = graph.nodes.get(unique_id) -%}
    {%- for parent in (node.depends_on.nodes if node else []) -%}
        {%- set parent_node = graph.nodes.get(parent) -%}
        {%- if parent.startswith('source.') -%}
            {%- set parents = [parent] -%}
        {%- elif parent_node and parent_node.fqn[1] == 'adapters' -%}
            {%- set parents = contract_source_ids(parent_node.name.split('__', 1)[1]) -%}
        {%- else -%}
            {%- set parents = upstream_source_ids(parent, memo) -%}
        {%- endif -%}
        {%- for source_id in parents if source_id not in found -%}
            {%- do found.append(source_id) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do memo.update({unique_id: found}) -%}
    {{ return(found) }}
{% endmacro %}

{# The contract's source node of a raw table (a list of its unique id). #}
{% macro contract_source_ids(raw_table) %}
    {%- set found = [] -%}
    {%- for node in project_raw_sources() if node.name == raw_table -%}
        {%- do found.append(node.unique_id) -%}
    {%- endfor -%}
    {{ return(found) }}
{% endmacro %}
