{#
    Body of every stg_ model: the rows of its base_ model whose status is `staged` (the
    winning, live version of each record), without the audit columns. The typing,
    normalisation and quarantine rules live in the base_ model, written once.
#}
{% macro staged_rows(base_relation) %}
with

base as (
    select * from {{ base_relation }}
),

staged as (
    select
        {{ star_except(base_relation, staging_audit_columns()) }}
    from base
    where _row_status = 'staged'
)

select * from staged
{% endmacro %}

{% macro staging_audit_columns() %}
    {{ return([
        'quarantine_column', 'quarantine_rule', '_row_status', 'is_deleted', '_recomputed_at'
    ]) }}
{% endmacro %}
