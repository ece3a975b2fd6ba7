{#
    Phone number as used for identity resolution (SPEC §2): digits only, country code kept.
    A leading international prefix "00" means the same as "+" and is dropped.
#}
{% macro normalize_phone(column) -%}
    {%- set digits = strip_non_digits(clean_text(column)) -%}
    nullif(
        case
            when {{ digits }} like '00%' then substr({{ digits }}, 3)
            else {{ digits }}
        end,
        ''
    )
{%- endmacro %}

{% macro strip_non_digits(expression) -%}
    {{ return(adapter.dispatch('strip_non_digits', 'sales_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__strip_non_digits(expression) -%}
    regexp_replace({{ expression }}, '[^0-9]', '')
{%- endmacro %}

{% macro duckdb__strip_non_digits(expression) -%}
    regexp_replace({{ expression }}, '[^0-9]', '', 'g')
{%- endmacro %}
