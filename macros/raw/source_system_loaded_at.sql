{#
    Freshness query of a source system (SPEC §6): the newest `_loaded_at` over all its
    raw tables, so a quiet slow-changing table (no new account in three days) is not
    stale while the loader runs. A system whose tables are all empty (a company without
    NPS surveys) has no load time of its own and takes the whole delivery's. A contract
    table that an adapter produces (SPEC §7) is loaded with the adapter's system: its
    tables' newest load time stands for it.
#}
{% macro source_system_loaded_at(source_name) -%}
    {%- set adapted = adapted_raw_tables() -%}
    {%- set system_tables = [] -%}
    {%- set all_tables = [] -%}
    {%- set adapter_tables = [] -%}
    {%- for node in adapter_raw_sources() -%}
        {%- do adapter_tables.append(raw_table_newest_load(node)) -%}
    {%- endfor -%}
    {%- for node in project_raw_sources() if node.name not in adapted -%}
        {%- do all_tables.append(raw_table_newest_load(node)) -%}
        {%- if node.source_name == source_name -%}
            {%- do system_tables.append(raw_table_newest_load(node)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for node in project_raw_sources()
        if node.name in adapted and node.source_name == source_name -%}
        {%- if loop.first -%}
            {%- do system_tables.extend(adapter_tables) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if source_name == raw_source_system() -%}
        {%- do system_tables.extend(adapter_tables) -%}
    {%- endif -%}
    {%- do all_tables.extend(adapter_tables) -%}
    select coalesce(
        {%- if system_tables %}
        (select max(loaded_at) from ({{ system_tables | join(' union all ') }}) as system_loads),
        {%- endif %}
        (select max(loaded_at) from ({{ all_tables | join(' union all ') }}) as all_loads)
    )
{%- endmacro %}

{% macro raw_table_newest_load(node) -%}
    select max({{ raw_load_column(node) }}) as loaded_at
    from {{ adapter.quote(node.schema) }}.{{ adapter.quote(node.identifier) }}
{%- endmacro %}
