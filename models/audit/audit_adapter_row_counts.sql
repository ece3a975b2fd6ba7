{#
    Accounts for every row of a source system's own tables (SPEC §7; built when
    RAW_SOURCE_SYSTEM names one): per table entry of the system's scopes and row scope
    (adapter_row_scope), the rows, and for the rows that feed a contract table the rows
    of its adapter model, which must be equal (a test): nothing is lost or doubled on the
    way to the contract. A table feeding two contract tables (a HubSpot contact: a
    contact and a lead) has an entry for each, each accounting for all its rows. From
    there audit_row_counts accounts for every contract row.
#}
{%- set system = raw_source_system() -%}
{%- set scopes = adapter_table_scopes(system) -%}

with

source_rows as (
    {%- for entry, scope in scopes.items() %}
    select
        '{{ system }}' as source_system,
        '{{ entry }}' as source_table,
        {{ adapter_row_scope(system, entry) }} as row_scope
    from {{ source(system, scope.get('table', entry)) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

source_rows_counted as (
    select
        source_system,
        source_table,
        row_scope,
        count(*) as source_rows
    from source_rows
    group by 1, 2, 3
),

adapter_rows as (
    {%- for contract_table in adapted_raw_tables() %}
    select
        '{{ contract_table }}' as row_scope,
        count(*) as adapter_rows
    from {{ ref('adapt_' ~ system ~ '__' ~ contract_table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        source_rows_counted.source_system,
        source_rows_counted.source_table,
        source_rows_counted.row_scope,
        source_rows_counted.source_rows,
        adapter_rows.adapter_rows
    from source_rows_counted
    left join adapter_rows
        on source_rows_counted.row_scope = adapter_rows.row_scope
)

select * from final
