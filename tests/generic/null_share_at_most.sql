{#
    At most `max_share` (a fraction) of the rows have a null `column_name`, or at most
    `allowed_rows` rows, whichever is larger. For raw keys: a few null keys are bad rows
    that staging quarantines; many mean a broken delivery.
#}
{% test null_share_at_most(model, column_name, max_share, allowed_rows=5) %}

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

{% endtest %}
