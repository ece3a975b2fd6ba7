{#
    The one way to compute a ratio: null (never 0, never an error) when the denominator is
    zero or null, as SPEC §5 requires for every rate. Always a double: DuckDB divides
    decimals and integers in double precision anyway, while Spark would divide decimals
    as decimals and keep only 6 decimals (so the engines would disagree in the 7th).
#}
{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif({{ denominator }}, 0)
{%- endmacro %}
