{#
    Which raw tables feed each public mart (dbt's lineage, SPEC §6): a mart whose raw
    table delivered no rows may be empty or show no data for that source; the dashboard
    says "no data from this source" and the GX mart checks accept the empty mart.
#}
{%- set lineage = mart_source_lineage() %}

with

lineage as (
    {%- for mart, source_system, raw_table in lineage %}
    select
        '{{ mart }}' as mart,
        '{{ source_system }}' as source_system,
        '{{ raw_table }}' as raw_table
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as mart,
        cast(null as {{ dbt.type_string() }}) as source_system,
        cast(null as {{ dbt.type_string() }}) as raw_table
    where 1 = 0
    {%- endfor %}
)

select * from lineage
