{#
    One row per source system (SPEC §6): whether it was switched off
    (RAW_SOURCES_DISABLED), how many raw rows its tables delivered and staged, and so
    whether the warehouse has data from it. The dashboard and the semantic layer read it
    to say "no data from this source" instead of showing zeros.
#}
{%- set disabled = disabled_raw_sources() if execute else [] %}
{%- set switched_off = "'" ~ (disabled + ['']) | join("', '") ~ "'" %}
{%- set registry = raw_table_registry() %}

with

row_counts as (
    select * from {{ ref('audit_row_counts') }}
),

systems as (
    {%- for table in registry %}
    select
        '{{ table.source }}' as source_system,
        '{{ table.raw_table }}' as raw_table
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

summed as (
    select
        systems.source_system,
        count(*) as raw_tables,
        sum(row_counts.raw_rows) as raw_rows,
        sum(row_counts.staged_rows) as staged_rows,
        sum(case when row_counts.staged_rows = 0 then 1 else 0 end)
            as empty_tables
    from systems
    left join row_counts
        on systems.raw_table = row_counts.raw_table
    group by 1
),

final as (
    select
        source_system,
        source_system in ({{ switched_off }}) as is_switched_off,
        raw_tables,
        empty_tables,
        cast(raw_rows as bigint) as raw_rows,
        cast(staged_rows as bigint) as staged_rows,
        staged_rows > 0 as has_data
    from summed
)

select * from final
