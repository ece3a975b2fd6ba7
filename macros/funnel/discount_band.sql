{#
    The discount band of SPEC §9 of a deal discount (a fraction, 0.1 = 10 %):
    `no_discount` (0), `up_to_10_pct` ((0, 10 %]), `10_to_20_pct` ((10 %, 20 %]),
    `over_20_pct`; null without a discount. Compared at six decimals, so that a
    weighted mean of 20 % discounts that a double holds as 0.2000000000000001 stays in
    its band.
#}
{% macro discount_band(discount_pct) -%}
    case
        when {{ discount_pct }} is null then null
        when round({{ discount_pct }}, 6) <= 0 then 'no_discount'
        when round({{ discount_pct }}, 6) <= 0.1 then 'up_to_10_pct'
        when round({{ discount_pct }}, 6) <= 0.2 then '10_to_20_pct'
        else 'over_20_pct'
    end
{%- endmacro %}
