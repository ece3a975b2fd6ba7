{#
    Where staging reads a raw table of the contract (SPEC §2, §7). RAW_SOURCE_SYSTEM
    (var raw_source_system) names the system the delivery comes from:
      contract     the contract's own tables (default): source(source_name, table_name)
      salesforce   Salesforce or HubSpot as Fivetran lands it (any system of
      hubspot      source_adapters()):
                   the adapter model adapt_<system>__<table> (models/adapters/<system>/)
                   when the system carries the table, else the contract's own table,
                   which may then be absent and is read as empty (e.g. goals beside
                   the CRM tables)
    dbt records the dependency this returns while it parses, so the DAG follows the
    setting (dbt_project.yml reads RAW_SOURCE_SYSTEM, a change reparses the project).
#}
{% macro raw_source(source_name, table_name) %}
    {%- if table_name in adapted_raw_tables() -%}
        {{ return(ref('adapt_' ~ raw_source_system() ~ '__' ~ table_name)) }}
    {%- endif -%}
    {{ return(source(source_name, table_name)) }}
{% endmacro %}

{% macro raw_source_system() %}
    {%- set system = var('raw_source_system', 'contract') | trim | lower -%}
    {%- if system not in source_adapters() and system != 'contract' -%}
        {{ exceptions.raise_compiler_error(
            "RAW_SOURCE_SYSTEM='" ~ system ~ "' is not supported (rule: one of contract, "
            ~ source_adapters().keys() | sort | join(', ') ~ ")") }}
    {%- endif -%}
    {{ return(system) }}
{% endmacro %}

{#
    The contract tables each source system's adapter produces (one model
    adapt_<system>__<table> each; tests/python/test_project_conventions.py checks the
    models and this list agree). A contract table a system does not carry is read from
    the contract's own delivery, and may be absent (SPEC §7: an empty source).
#}
{% macro source_adapters() %}
    {{ return({
        'salesforce': [
            'crm_users', 'crm_teams', 'crm_accounts', 'crm_contacts', 'crm_leads',
            'crm_lead_status_history', 'crm_opportunities', 'crm_opportunity_stage_history',
            'crm_products', 'crm_opportunity_line_items', 'crm_meetings',
            'telephony_calls', 'email_messages'],
        'hubspot': [
            'crm_users', 'crm_teams', 'crm_accounts', 'crm_contacts', 'crm_leads',
            'crm_lead_status_history', 'crm_opportunities', 'crm_opportunity_stage_history',
            'crm_meetings', 'telephony_calls', 'email_messages', 'email_events'],
    }) }}
{% endmacro %}

{% macro adapted_raw_tables() %}
    {{ return(source_adapters().get(raw_source_system(), [])) }}
{% endmacro %}

{#
    A raw column the contract marks optional (`meta: {optional: true}`, e.g. the record
    links of a call, SPEC §7), or an adapter's custom field: the column when the relation
    has it, else null. `raw_types` is raw_column_types() of the relation; while dbt parses
    it is empty and the column is named as is.
#}
{% macro optional_raw_column(column, raw_types) %}
    {%- if not raw_types or column | lower in raw_types -%}
        {{ return(column) }}
    {%- endif -%}
    {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
{% endmacro %}
