{#
    Accounts for every row of a source system's own tables (SPEC §7; built when
    RAW_SOURCE_SYSTEM names one): per table and row scope (salesforce_row_scope), the
    rows, and for the rows that feed a contract table the rows of its adapter model,
    which must be equal (a test): nothing is lost or doubled on the way to the contract.
    From there audit_row_counts accounts for every contract row.
#}
{%- set scopes = salesforce_table_scopes() -%}

with

source_rows as (
    {%- for table in scopes %}
    select
        'salesforce' as source_system,
        '{{ table }}' as source_table,
        {{ salesforce_row_scope(table) }} as row_scope
    from {{ source('salesforce', table) }}
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
    {%- for contract_table in source_adapters()['salesforce'] %}
    select
        '{{ contract_table }}' as row_scope,
        count(*) as adapter_rows
    from {{ ref('adapt_salesforce__' ~ contract_table) }}
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
