{#
    Every row satisfies `expression` (rows where it is false or null fail, unless
    `null_passes`).
#}
{% test expression_is_true(model, expression, null_passes=false, column_name=none) %}

select *
from {{ model }}
where
    {%- if null_passes %}
    not coalesce({{ expression }}, true)
    {%- else %}
    not coalesce({{ expression }}, false)
    {%- endif %}

{% endtest %}
