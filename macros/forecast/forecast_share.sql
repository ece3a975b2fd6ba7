{#
    numerator ÷ denominator as a decimal with 12 places (null when the denominator is 0),
    for the forecast's amounts that are then rounded to cents: the quotient of exact
    decimals, rounded the same way on every engine (DuckDB divides decimals in double
    precision, Spark in decimals, so a double rounded straight to cents could round a
    half cent differently).
#}
{% macro forecast_share(numerator, denominator) -%}
    cast({{ safe_divide(numerator, denominator) }} as decimal(30, 12))
{%- endmacro %}
