{#
    The raw tables the audit models account for (every raw row, SPEC §2 rule 7): one entry
    per table of the source YAML (models/staging/<source>/_<source>__sources.yml, the one
    declaration of the raw contract), read from dbt's graph:
      source, raw_table           the source and the table, as source() takes them
      base_model, staging_model   base_<source>__<entity> and stg_<source>__<entity>, the
                                  entity being the table name without '<source>_'
      key                         the record key as staging names it: meta staging_key,
                                  else meta key
    The Python side (sales_warehouse/raw_contract.py) reads the same YAML by the same
    rules; tests/python/test_raw_registry.py checks both against dbt's manifest.

    Why staged_raw_tables() below names the tables once more: dbt renders a model before
    it reads any YAML (the graph is empty while it parses), and a model may ref() only
    what it referenced then. So while dbt parses, the audit models take their tables, for
    their dependencies only, from that list; when they run, everything comes from the
    graph, and a table of the YAML missing from the list stops the run naming the table
    (check_raw_table_registry, also run by register_raw_sources). A listed table the YAML
    does not declare stops dbt's parse (a source that was not found).
#}
{% macro raw_table_registry() %}
    {%- set registry = [] -%}
    {%- if execute -%}
        {%- do check_raw_table_registry() -%}
        {%- for node in project_raw_sources() -%}
            {%- do registry.append(raw_table_entry(node.source_name, node.name,
                node.meta.get('staging_key') or node.meta.key)) -%}
        {%- endfor -%}
    {%- else -%}
        {%- for source_name, raw_tables in staged_raw_tables().items() -%}
            {%- for raw_table in raw_tables -%}
                {%- do registry.append(raw_table_entry(source_name, raw_table, none)) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(registry) }}
{% endmacro %}

{% macro raw_table_entry(source_name, raw_table, key) %}
    {%- set prefix = source_name ~ '_' -%}
    {%- set entity = raw_table[prefix | length:] if raw_table.startswith(prefix)
        else raw_table -%}
    {{ return({
        'source': source_name,
        'raw_table': raw_table,
        'base_model': 'base_' ~ source_name ~ '__' ~ entity,
        'staging_model': 'stg_' ~ source_name ~ '__' ~ entity,
        'key': key,
    }) }}
{% endmacro %}

{#
    The raw tables the audit models depend on while dbt parses, by source: every table of
    the source YAML (see above; a new raw table goes here once its base_/stg_ models
    exist).
#}
{% macro staged_raw_tables() %}
    {{ return({
        'crm': [
            'crm_users', 'crm_teams', 'crm_accounts', 'crm_contacts', 'crm_leads',
            'crm_lead_status_history', 'crm_opportunities', 'crm_opportunity_stage_history',
            'crm_products', 'crm_opportunity_line_items', 'crm_meetings'],
        'email': ['email_messages', 'email_events'],
        'telephony': ['telephony_calls', 'telephony_sms'],
        'web': ['web_sessions'],
        'goals': ['sales_goals'],
        'nps': ['nps_responses'],
    }) }}
{% endmacro %}

{#
    Stops the run, naming the table and the rule, when a raw table of the source YAML has
    no record key among its columns, or is missing from staged_raw_tables().
#}
{% macro check_raw_table_registry() %}
    {%- set problems = [] -%}
    {%- set listed = staged_raw_tables() -%}
    {%- for node in project_raw_sources() -%}
        {%- set where = "raw table " ~ node.name ~ " (" ~ node.original_file_path ~ ")" -%}
        {%- if node.meta.get('key') not in node.columns -%}
            {%- do problems.append(where ~ ": meta key is " ~ node.meta.get('key')
                ~ " (rule: every raw table names its record key, one of its columns, in "
                ~ "`meta: {key: <column>}`)") -%}
        {%- endif -%}
        {%- if node.name not in listed.get(node.source_name, []) -%}
            {%- do problems.append(where ~ ": not in staged_raw_tables() of "
                ~ "macros/staging/raw_table_registry.sql (rule: every raw table is staged "
                ~ "by base_" ~ node.source_name ~ "__<entity> and stg_" ~ node.source_name
                ~ "__<entity> models and listed there, for the audit models' "
                ~ "dependencies)") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "The raw tables of the source YAML and the audit's registry differ:\n  - "
            ~ problems | join("\n  - ")) }}
    {%- endif -%}
{% endmacro %}
