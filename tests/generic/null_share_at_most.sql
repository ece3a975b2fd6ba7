{#
    At most `max_share` (a fraction) of the rows have a null `column_name`, or at most
    `allowed_rows` rows, whichever is larger. For raw keys: a few null keys are bad rows
    that staging quarantines; many mean a broken delivery. On a contract table that a
    source system's adapter produces (SPEC §7) the test has nothing to read: the
    adapter's own table is the delivery then.
#}
{% test null_share_at_most(model, column_name, max_share, allowed_rows=5) %}
{%- if model.identifier in adapted_raw_tables()
    and model.schema == var('raw_schema', 'raw') %}
select 1 as skipped where 1 = 0
{%- else %}

with

counts as (
    select
        count(*) as total_rows,
        sum(case when {{ column_name }} is null then 1 else 0 end) as null_rows
    from {{ model }}
)

select *
from counts
where null_rows > {{ max_share }} * total_rows and null_rows > {{ allowed_rows }}
{%- endif %}

{% endtest %}
