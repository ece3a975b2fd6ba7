{#
    on-run-end: one warning per value that fell back to `other` (SPEC §6), naming the
    table, the column and the value, whenever this run built audit_categorical_fallbacks.
    The rows stay counted in that model; a seed row in seeds/categorical_synonyms.csv
    (or channel_mapping.csv for a lead source) maps the spelling instead.
#}
{% macro fallback_remedy(column_name) -%}
    {%- set remedies = {
        'time_zone': "fix the rep's time zone in the CRM (an IANA name)",
        'lead_source': "map it with a row in seeds/channel_mapping.csv",
        'currency': "add the currency's monthly rates to seeds/fx_rates_monthly.csv",
    } -%}
    {{ return(remedies.get(column_name,
        "map it with a row in seeds/categorical_synonyms.csv")) }}
{%- endmacro %}

{% macro warn_categorical_fallbacks(results) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set built = [] -%}
    {%- for result in results
        if result.node.name == 'audit_categorical_fallbacks' and result.status == 'success' -%}
        {%- do built.append(result.node) -%}
    {%- endfor -%}
    {%- if built -%}
        {%- set relation = adapter.get_relation(
            database=built[0].database, schema=built[0].schema,
            identifier=built[0].alias) -%}
        {%- set fallbacks = run_query(
            'select raw_table, column_name, raw_value, mapped_to, raw_rows, example_record_id from '
            ~ relation ~ ' order by 1, 2, 3') -%}
        {%- for raw_table, column_name, raw_value, mapped_to, raw_rows, record_id
            in fallbacks.rows -%}
            {%- do exceptions.warn(
                "raw table " ~ raw_table ~ ", column " ~ column_name ~ ": value '"
                ~ raw_value ~ "' is outside its domain and was mapped to '" ~ mapped_to
                ~ "' (" ~ raw_rows ~ " rows" ~ (", e.g. record " ~ record_id if record_id)
                ~ "; rule: categorical_fallback; " ~ fallback_remedy(column_name) ~ ")") -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
