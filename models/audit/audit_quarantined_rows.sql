{#
    The quarantine (SPEC §2 rule 7): every raw row that broke a rule, with the table, the
    column and the rule, so nothing is lost silently. One row per quarantined raw row.
#}
{%- set registry = raw_table_registry() -%}

with

quarantined as (
    {%- for table in registry %}
    select
        '{{ table.raw_table }}' as raw_table,
        cast({{ table.key }} as {{ dbt.type_string() }}) as record_key,
        quarantine_column,
        quarantine_rule,
        _loaded_at
    from {{ ref(table.base_model) }}
    where _row_status = 'quarantined'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

described as (
    select
        raw_table,
        record_key,
        quarantine_column,
        quarantine_rule,
        {{ dbt.concat([
            'raw_table', "'.'", 'quarantine_column', "': '", 'quarantine_rule'
        ]) }} as quarantine_reason,
        _loaded_at
    from quarantined
)

select * from described
