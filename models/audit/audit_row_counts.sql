{#
    Accounts for every raw row (SPEC §2 rule 7): raw = staged + superseded + soft-deleted
    + quarantined, per raw table, and staged = rows of the stg_ model.
#}
{%- set registry = raw_table_registry() -%}

with

raw_rows as (
    {%- for table in registry %}
    select
        '{{ table.raw_table }}' as raw_table,
        count(*) as raw_rows
    from {{ raw_source(table.source, table.raw_table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

classified_rows as (
    {%- for table in registry %}
    select
        '{{ table.raw_table }}' as raw_table,
        count(*) as classified_rows,
        sum(case when _row_status = 'staged' then 1 else 0 end) as staged_rows,
        sum(case when _row_status = 'superseded' then 1 else 0 end) as superseded_rows,
        sum(case when _row_status = 'soft_deleted' then 1 else 0 end)
            as soft_deleted_rows,
        sum(case when _row_status = 'quarantined' then 1 else 0 end) as quarantined_rows
    from {{ ref(table.base_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

staging_rows as (
    {%- for table in registry %}
    select
        '{{ table.raw_table }}' as raw_table,
        count(*) as staging_model_rows
    from {{ ref(table.staging_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        raw_rows.raw_table,
        raw_rows.raw_rows,
        cast(coalesce(classified_rows.staged_rows, 0) as bigint) as staged_rows,
        cast(coalesce(classified_rows.superseded_rows, 0) as bigint)
            as superseded_rows,
        cast(coalesce(classified_rows.soft_deleted_rows, 0) as bigint)
            as soft_deleted_rows,
        cast(coalesce(classified_rows.quarantined_rows, 0) as bigint)
            as quarantined_rows,
        coalesce(staging_rows.staging_model_rows, 0) as staging_model_rows,
        raw_rows.raw_rows
        - coalesce(classified_rows.staged_rows, 0)
        - coalesce(classified_rows.superseded_rows, 0)
        - coalesce(classified_rows.soft_deleted_rows, 0)
        - coalesce(classified_rows.quarantined_rows, 0) as unaccounted_rows
    from raw_rows
    left join classified_rows
        on raw_rows.raw_table = classified_rows.raw_table
    left join staging_rows
        on raw_rows.raw_table = staging_rows.raw_table
)

select * from final
