{#
    Run at the start of every dbt invocation (on-run-start). Makes every raw table of
    SPEC §2 available as a relation in the source schema, then checks the raw contract:

      RAW_DATA_FORMAT=parquet|csv  one view per table over RAW_DATA_DIR/<table>.<ext>, or over
                                   every <ext> file below the folder RAW_DATA_DIR/<table>/
      RAW_DATA_FORMAT=schema       the tables already exist in the `raw` schema (var
                                   raw_schema); nothing is created

    A missing table or a missing required column stops the run with an error that names
    the table, the column and the rule. Extra columns and column order do not matter.
#}
{% macro register_raw_sources() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set raw_format = raw_data_format() -%}
    {%- set raw_sources = project_raw_sources() -%}
    {%- if raw_format != 'schema' -%}
        {%- do adapter.dispatch('create_raw_views', 'sales_warehouse')(raw_sources, raw_format) -%}
    {%- endif -%}
    {%- do check_raw_contract(raw_sources) -%}
    {{ return('') }}
{% endmacro %}

{% macro raw_data_format() %}
    {%- set raw_format = env_var('RAW_DATA_FORMAT', 'parquet') | trim | lower -%}
    {%- if raw_format not in ('parquet', 'csv', 'schema') -%}
        {{ exceptions.raise_compiler_error(
            "RAW_DATA_FORMAT='" ~ raw_format ~ "' is not supported "
            ~ "(rule: one of parquet, csv, schema)") }}
    {%- endif -%}
    {{ return(raw_format) }}
{% endmacro %}

{% macro raw_data_dir() %}
    {{ return(env_var('RAW_DATA_DIR', 'data/raw') | trim | replace('\\', '/') ) }}
{% endmacro %}

{% macro project_raw_sources() %}
    {%- set raw_sources = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.package_name == project_name -%}
            {%- do raw_sources.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(raw_sources) }}
{% endmacro %}

{% macro duckdb__create_raw_views(raw_sources, raw_format) %}
    {%- set directory = raw_data_dir().rstrip('/') -%}
    {%- set schemas = raw_sources | map(attribute='schema') | unique | list -%}
    {%- for schema in schemas -%}
        {%- do run_query('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- endfor -%}
    {%- for node in raw_sources -%}
        {%- set single_file = directory ~ '/' ~ node.identifier ~ '.' ~ raw_format -%}
        {%- set folder_files = directory ~ '/' ~ node.identifier ~ '/**/*.' ~ raw_format -%}
        {%- if count_files(single_file) > 0 -%}
            {%- set location = single_file -%}
        {%- elif count_files(folder_files) > 0 -%}
            {%- set location = folder_files -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "Raw table " ~ node.identifier ~ " is missing: no file "
                ~ single_file ~ " and no ." ~ raw_format ~ " files under "
                ~ directory ~ "/" ~ node.identifier ~ "/ (rule: every raw table of the "
                ~ "contract must be delivered; RAW_DATA_DIR=" ~ directory
                ~ ", RAW_DATA_FORMAT=" ~ raw_format ~ ")") }}
        {%- endif -%}
        {%- set columns = '*' -%}
        {%- if raw_format == 'parquet' -%}
            {%- set reader = "read_parquet('" ~ location ~ "', union_by_name = true)" -%}
        {%- else -%}
            {#- Everything as text: staging parses and quarantines what does not parse. -#}
            {%- set reader = "read_csv('" ~ location ~ "', header = true, all_varchar = true, "
                ~ "union_by_name = true)" -%}
            {%- set columns = "* replace (cast(_loaded_at as timestamp) as _loaded_at)" -%}
        {%- endif -%}
        {%- do run_query(
            'create or replace view ' ~ adapter.quote(node.schema) ~ '.'
            ~ adapter.quote(node.identifier) ~ ' as select ' ~ columns ~ ' from ' ~ reader) -%}
    {%- endfor -%}
{% endmacro %}

{% macro count_files(pattern) %}
    {%- set result = run_query("select count(*) from glob('" ~ pattern ~ "')") -%}
    {{ return(result.columns[0].values()[0] | int) }}
{% endmacro %}

{#
    Every column declared for a source table (the raw contract) plus `_loaded_at` must be
    present; names compare case-insensitively.
#}
{% macro check_raw_contract(raw_sources) %}
    {%- set problems = [] -%}
    {%- for node in raw_sources -%}
        {%- set relation = api.Relation.create(
            database=node.database, schema=node.schema, identifier=node.identifier) -%}
        {%- set present = adapter.get_columns_in_relation(relation)
            | map(attribute='name') | map('lower') | list -%}
        {%- if present | length == 0 -%}
            {%- do problems.append(
                "raw table " ~ node.identifier ~ ": table not found in schema "
                ~ node.schema ~ " (rule: every raw table of the contract must exist)") -%}
        {%- else -%}
            {%- for column in (node.columns.keys() | list) + ['_loaded_at'] -%}
                {%- if column | lower not in present -%}
                    {%- do problems.append(
                        "raw table " ~ node.identifier ~ ", column " ~ column
                        ~ ": required column is missing (rule: raw contract, SPEC §2)") -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "The raw delivery breaks the raw data contract:\n  - "
            ~ problems | join("\n  - ")) }}
    {%- endif -%}
{% endmacro %}
