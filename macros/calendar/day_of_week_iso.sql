{#
    ISO day of the week, 1 = Monday ... 7 = Sunday. No cross-database macro exists.
#}
{% macro day_of_week_iso(date_expression) -%}
    {{ return(adapter.dispatch('day_of_week_iso', 'sales_warehouse')(date_expression)) }}
{%- endmacro %}

{% macro default__day_of_week_iso(date_expression) -%}
    (((cast(extract(dow from {{ date_expression }}) as integer) + 6) % 7) + 1)
{%- endmacro %}

{% macro duckdb__day_of_week_iso(date_expression) -%}
    isodow({{ date_expression }})
{%- endmacro %}

{% macro spark__day_of_week_iso(date_expression) -%}
    (((dayofweek({{ date_expression }}) + 5) % 7) + 1)
{%- endmacro %}
