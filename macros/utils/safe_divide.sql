{#
    The one way to compute a ratio: null (never 0, never an error) when the denominator is
    zero or null, as SPEC §5 requires for every rate.
#}
{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
