{#
    A fact Salesforce keeps in no standard field (an account's segment, a lead's score):
    var salesforce_fields maps each to the field name the org uses (dbt_project.yml has
    the defaults, custom fields `<name>_c` as Fivetran lands `<Name>__c`). The column
    when the table has it, else null (the marts then show `unknown` or null, SPEC §6).
#}
{% macro salesforce_field(fact, raw_types, relation_alias=none) %}
    {%- set column = salesforce_field_name(fact) -%}
    {%- if salesforce_field_present(fact, raw_types) -%}
        {{ return((relation_alias ~ '.' if relation_alias else '') ~ column) }}
    {%- endif -%}
    {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
{% endmacro %}

{% macro salesforce_field_present(fact, raw_types) %}
    {{ return(not raw_types or salesforce_field_name(fact) | lower in raw_types) }}
{% endmacro %}

{% macro salesforce_field_name(fact) %}
    {%- set fields = var('salesforce_fields') -%}
    {%- if fact not in fields -%}
        {{ exceptions.raise_compiler_error(
            "var salesforce_fields has no entry " ~ fact ~ " (rule: every fact of "
            ~ "dbt_project.yml's salesforce_fields names a field, e.g. " ~ fact
            ~ ": my_field_c)") }}
    {%- endif -%}
    {{ return(fields[fact] | trim | lower) }}
{% endmacro %}

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
