{#
    The columns of `relation` except `except`, as a select list (dbt_utils.star without the
    package). Falls back to `*` while parsing or when the relation does not exist yet.
#}
{% macro star_except(relation, except=[]) %}
    {%- if not execute -%}
        {{ return('*') }}
    {%- endif -%}
    {%- set excluded = except | map('lower') | list -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- if column.name | lower not in excluded -%}
            {%- do columns.append(adapter.quote(column.name) if ' ' in column.name else column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns | join(',\n        ') if columns else '*') }}
{% endmacro %}
