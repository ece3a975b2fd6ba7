{#
    ISO-8601 text (with or without a UTC offset) or a typed timestamp, as a UTC timestamp
    without time zone. Text without an offset is UTC (SPEC §2). Engines differ in how they
    parse offsets, so this is dispatched.
#}
{% macro parse_timestamp(text_expression) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'sales_warehouse')(text_expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp(text_expression) -%}
    {{ try_cast(text_expression, dbt.type_timestamp()) }}
{%- endmacro %}

{# The profile pins the session TimeZone to UTC, so text without an offset stays UTC. #}
{% macro duckdb__parse_timestamp(text_expression) -%}
    timezone('UTC', try_cast({{ text_expression }} as timestamptz))
{%- endmacro %}
