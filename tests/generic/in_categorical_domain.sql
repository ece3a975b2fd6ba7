{#
    Every non-null value is in the column's domain (macro categorical_domains) or is the
    fallback `other`: staging normalised it.
#}
{% test in_categorical_domain(model, column_name, raw_table, raw_column=none) %}

{%- set domain = categorical_domains()[raw_table][raw_column or column_name] -%}

select {{ column_name }} as unexpected_value
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        '{{ (domain + [categorical_fallback()]) | unique | join("', '") }}'
    )

{% endtest %}
