{#
    A record's currency: its own in a multi-currency org (currency_iso_code), else the
    org's single currency (var salesforce_currency).
#}
{% macro salesforce_currency(raw_types) -%}
    {%- if not raw_types or 'currency_iso_code' in raw_types -%}
        coalesce({{ clean_text('currency_iso_code') }}, '{{ var("salesforce_currency") }}')
    {%- else -%}
        '{{ var("salesforce_currency") }}'
    {%- endif -%}
{%- endmacro %}
