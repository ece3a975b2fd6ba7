{#
    Raw text as the loader delivered it, trimmed; empty strings become null so that
    "missing" has one representation.
#}
{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
