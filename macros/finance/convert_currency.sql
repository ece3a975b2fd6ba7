{#
    An amount in the reporting currency (SPEC §2 rule 4). An amount already in the
    reporting currency is never converted, whatever months the FX seed covers; otherwise
    it is multiplied by the month's rate, and stays null (flagged by
    `fx_rate_is_missing`) when there is no rate: never zeroed, never dropped.
#}
{% macro convert_currency(amount, currency, rate_to_reporting) -%}
    cast(
        case
            when {{ currency }} = '{{ var("reporting_currency") }}' then {{ amount }}
            else {{ amount }} * {{ rate_to_reporting }}
        end
        as {{ money_type() }}
    )
{%- endmacro %}

{% macro fx_rate_is_missing(amount, currency, rate_to_reporting) -%}
    coalesce(
        {{ amount }} is not null
        and ({{ currency }} is null or {{ currency }} != '{{ var("reporting_currency") }}')
        and {{ rate_to_reporting }} is null,
        false
    )
{%- endmacro %}

{#- Money columns in marts: two decimals are enough for reporting, 18 digits for totals. -#}
{% macro money_type() -%}
    decimal(18, 2)
{%- endmacro %}
