{#
    Raw categorical values outside their domain (SPEC §2 rule 3), which staging maps to
    `other`: counted here per table, column and raw value, never dropped.
#}
{%- set domains = categorical_domains() -%}
{%- set registry = raw_table_registry() -%}

with

raw_values as (
    {%- for table in registry if table.raw_table in domains %}
    {%- set outer_loop = loop %}
    {%- for column in domains[table.raw_table] %}
    select
        '{{ table.raw_table }}' as raw_table,
        '{{ column }}' as column_name,
        lower({{ clean_text(column) }}) as raw_value,
        {{ normalize_category(table.raw_table, column) }} as mapped_to
    from {{ source(table.source, table.raw_table) }}
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

counted as (
    select
        raw_table,
        column_name,
        raw_value,
        mapped_to,
        count(*) as raw_rows
    from raw_values
    -- a raw `other` is a value of its domain, not a fallback
    where mapped_to = '{{ categorical_fallback() }}' and raw_value != mapped_to
    group by 1, 2, 3, 4
)

select * from counted
