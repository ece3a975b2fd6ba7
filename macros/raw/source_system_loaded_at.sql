{#
    Freshness query of a source system (SPEC §6): the newest `_loaded_at` over all its
    raw tables, so a quiet slow-changing table (no new account in three days) is not
    stale while the loader runs. A system whose tables are all empty (a company without
    NPS surveys) has no load time of its own and takes the whole delivery's.
#}
{% macro source_system_loaded_at(source_name) -%}
    {%- set system_tables = [] -%}
    {%- set all_tables = [] -%}
    {%- for node in project_raw_sources() -%}
        {%- set relation = adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.identifier) -%}
        {%- set newest = 'select max(_loaded_at) as loaded_at from ' ~ relation -%}
        {%- do all_tables.append(newest) -%}
        {%- if node.source_name == source_name -%}
            {%- do system_tables.append(newest) -%}
        {%- endif -%}
    {%- endfor -%}
    select coalesce(
        (select max(loaded_at) from ({{ system_tables | join(' union all ') }}) as system_loads),
        (select max(loaded_at) from ({{ all_tables | join(' union all ') }}) as all_loads)
    )
{%- endmacro %}
