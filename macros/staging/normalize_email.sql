{#
    Email address as used for identity resolution (SPEC §2): lower case, trimmed.
#}
{% macro normalize_email(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}
