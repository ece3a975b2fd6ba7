{#
    Run at the start of every dbt invocation (on-run-start). Makes every raw table of
    SPEC §2 (every table of the source YAML, models/staging/<source>/_<source>__sources.yml,
    from dbt's graph) available as a relation in the source schema, then checks the raw
    contract:

      RAW_DATA_FORMAT=parquet|csv  one view per table over RAW_DATA_DIR/<table>.<ext>, or over
                                   every <ext> file below the folder RAW_DATA_DIR/<table>/
      RAW_DATA_FORMAT=schema       the tables already exist in the `raw` schema (var
                                   raw_schema); nothing is created
      RAW_SOURCES_DISABLED         source systems the company does not have (comma-
                                   separated source names, e.g. `telephony,web`): their
                                   tables may be absent and are read as empty (SPEC §6)

    Every problem of the delivery is collected, then the run stops once with a message
    that names the table (file, line), the column and the rule of each:
      - a missing table (of a source that is not disabled);
      - a CSV that is not readable as delivered: not UTF-8 (or RAW_CSV_ENCODING), a line
        with more or fewer fields than the header (DuckDB's reject scan, per file);
      - an empty table that must hold rows (meta `required: true` in the source YAML);
      - a missing required column (the columns of the source YAML, and `_loaded_at`).
    Any other table may be empty (a company without a phone system, SMS, ...): a table
    with no rows, a disabled source's table included, is read as the empty contract table
    (every declared column as text, `_loaded_at` a timestamp), whatever its file holds.
    Extra columns and column order do not matter. CSV is RFC 4180 (comma-separated, fields
    with commas, quotes or line breaks in double quotes, one header row), every column
    read as text; the GX raw check (sales_warehouse/quality) reads it the same way.
    First of all, a table of the source YAML without a record key, or missing from the
    audit's registry, stops the run (check_raw_table_registry).
    `dbt docs generate` skips it: the docs describe the built warehouse, whose raw
    relations already exist, and need no delivery.
#}
{% macro register_raw_sources() %}
    {%- if not execute or flags.WHICH == 'generate' -%}
        {{ return('') }}
    {%- endif -%}
    {%- do check_raw_table_registry() -%}
    {%- set raw_format = raw_data_format() -%}
    {%- set disabled = disabled_raw_sources() -%}
    {%- set adapted = adapted_raw_tables() -%}
    {%- set raw_sources = [] -%}
    {%- set disabled_tables = [] -%}
    {%- for node in project_raw_sources() if node.name not in adapted -%}
        {%- do (disabled_tables if node.source_name in disabled else raw_sources).append(
            node) -%}
    {%- endfor -%}
    {#- A delivery from another system (SPEC §7) may leave out the contract's tables it
        does not carry, and the system's own tables that are not required: both are
        read as empty (a company without SMS, an org not tracking lead history). -#}
    {%- set delivered = raw_sources + adapter_raw_sources() -%}
    {%- set may_be_absent = [] -%}
    {%- if raw_source_system() != 'contract' -%}
        {%- for node in delivered if not node.meta.get('required') -%}
            {%- do may_be_absent.append(node.identifier) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set problems = [] -%}
    {%- set unavailable = [] -%}
    {%- if raw_format != 'schema' -%}
        {%- do adapter.dispatch('create_raw_views', 'sales_warehouse')(
            delivered, raw_format, problems, unavailable, may_be_absent) -%}
    {%- endif -%}
    {%- set absent = [] -%}
    {%- for node in delivered
        if node.identifier in unavailable and node.identifier in may_be_absent -%}
        {%- do absent.append(node) -%}
    {%- endfor -%}
    {%- set empty = check_raw_contract(delivered, problems, unavailable, may_be_absent) -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "The raw delivery breaks the raw data contract:\n  - "
            ~ problems | join("\n  - ")) }}
    {%- endif -%}
    {%- for node in disabled_tables + absent + empty -%}
        {%- do create_empty_raw_table(node, raw_format) -%}
    {%- endfor -%}
    {#- run_query leaves a transaction open: commit the raw relations, or dbt rolls them
        back (the `select 1` makes sure there is one to commit). Spark has none. -#}
    {%- if target.type != 'spark' -%}
        {%- do run_query('select 1') -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#
    The source systems switched off by RAW_SOURCES_DISABLED (comma-separated source
    names of the source YAML). An unknown name stops the run: a typo would otherwise
    leave a source on that the user meant to switch off.
#}
{% macro disabled_raw_sources() %}
    {%- set names = [] -%}
    {%- for name in env_var('RAW_SOURCES_DISABLED', '').split(',') -%}
        {%- if name | trim -%}
            {%- do names.append(name | trim | lower) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set known = project_raw_sources() | map(attribute='source_name') | unique | list -%}
    {%- for name in names if name not in known -%}
        {{ exceptions.raise_compiler_error(
            "RAW_SOURCES_DISABLED names '" ~ name ~ "', which is not a source system "
            ~ "(rule: one of " ~ known | join(', ') ~ ")") }}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}

{#
    The empty contract table of a raw table with no rows (or of a disabled source): a
    view with every declared column as text and `_loaded_at` as a timestamp, so staging
    reads it like any delivery. In the user's own raw schema (RAW_DATA_FORMAT=schema) an
    existing table is never replaced.
#}
{% macro create_empty_raw_table(node, raw_format) %}
    {%- set relation = adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.identifier) -%}
    {%- set columns = [] -%}
    {%- for column in node.columns.keys() -%}
        {%- do columns.append('cast(null as ' ~ dbt.type_string() ~ ') as '
            ~ adapter.quote(column)) -%}
    {%- endfor -%}
    {%- do columns.append('cast(null as ' ~ dbt.type_timestamp() ~ ') as '
        ~ raw_load_column(node)) -%}
    {%- set body = 'select ' ~ columns | join(', ') ~ ' where 1 = 0' -%}
    {%- if raw_format == 'schema' -%}
        {%- set existing = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.identifier) -%}
        {%- if existing is none -%}
            {%- do run_query('create schema if not exists ' ~ adapter.quote(node.schema)) -%}
            {%- do run_query('create view ' ~ relation ~ ' as ' ~ body) -%}
        {%- endif -%}
    {%- else -%}
        {%- if target.type == 'spark' -%}
            {%- do run_query('create database if not exists ' ~ adapter.quote(node.schema)) -%}
            {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- else -%}
            {%- do run_query('create schema if not exists ' ~ adapter.quote(node.schema)) -%}
        {%- endif -%}
        {%- do run_query('create or replace view ' ~ relation ~ ' as ' ~ body) -%}
    {%- endif -%}
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

{# DuckDB read_csv options of a raw CSV delivery; RAW_CSV_ENCODING: utf-8, utf-16, latin-1. #}
{% macro raw_csv_options() %}
    {%- set encoding = env_var('RAW_CSV_ENCODING', 'utf-8') | trim | lower -%}
    {{ return("header = true, all_varchar = true, delim = ',', quote = '\"', "
        ~ "escape = '\"', encoding = '" ~ (encoding or 'utf-8') ~ "'") }}
{% endmacro %}

{#
    The raw tables of the contract (SPEC §2): every source of the project's source YAML
    but the source systems' own tables (SPEC §7, adapter_raw_sources).
#}
{% macro project_raw_sources() %}
    {%- set raw_sources = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.package_name == project_name
            and node.source_name not in source_adapters() -%}
            {%- do raw_sources.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(raw_sources) }}
{% endmacro %}

{# The tables of the source system RAW_SOURCE_SYSTEM names (none for the contract). #}
{% macro adapter_raw_sources() %}
    {%- set raw_sources = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.package_name == project_name
            and node.source_name == raw_source_system() -%}
            {%- do raw_sources.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(raw_sources) }}
{% endmacro %}

{# The load-time column of a raw table: _loaded_at, or its source's meta load_column. #}
{% macro raw_load_column(node) %}
    {{ return((node.source_meta or {}).get('load_column') or '_loaded_at') }}
{% endmacro %}

{#
    Where each raw table's files are: (node, location, files) per delivered table, where
    location is the single file RAW_DATA_DIR/<table>.<ext> (it wins over a folder) or the
    folder RAW_DATA_DIR/<table>/ (every <ext> file below it, any depth; names compare
    case-sensitively; DuckDB lists hidden files too, Spark skips names starting with `.`
    or `_`). A table with neither is reported as missing. Shared by every engine; only
    the file listing is dispatched. The Python side (the GX raw check, the generator's
    daily increments) follows the same rule in sales_warehouse/raw_contract.py,
    find_raw_files: a change here is a change there, and tests/python/test_raw_registry.py
    runs both on one folder of odd cases.
#}
{% macro locate_raw_files(raw_sources, raw_format, problems, unavailable, may_be_absent) %}
    {%- set directory = raw_data_dir().rstrip('/') -%}
    {%- set delivered = adapter.dispatch('list_raw_files', 'sales_warehouse')(
        directory, raw_format) -%}
    {%- set located = [] -%}
    {%- for node in raw_sources -%}
        {%- set single_file = directory ~ '/' ~ node.identifier ~ '.' ~ raw_format -%}
        {%- set folder = directory ~ '/' ~ node.identifier ~ '/' -%}
        {%- set partition_files = [] -%}
        {%- for file in delivered if file.startswith(folder) -%}
            {%- do partition_files.append(file) -%}
        {%- endfor -%}
        {%- if single_file in delivered -%}
            {%- do located.append((node, single_file, [single_file])) -%}
        {%- elif partition_files -%}
            {%- do located.append((node, folder, partition_files)) -%}
        {%- elif node.identifier in may_be_absent -%}
            {%- do unavailable.append(node.identifier) -%}
            {%- do log("Raw table " ~ node.identifier ~ " was not delivered: read as "
                ~ "empty (RAW_SOURCE_SYSTEM=" ~ raw_source_system() ~ ")", info=true) -%}
        {%- else -%}
            {%- do unavailable.append(node.identifier) -%}
            {%- do problems.append(
                "Raw table " ~ node.identifier ~ " is missing: no file "
                ~ single_file ~ " and no ." ~ raw_format ~ " files under "
                ~ directory ~ "/" ~ node.identifier ~ "/ (rule: every raw table of the "
                ~ "contract must be delivered, possibly empty, unless its source is in "
                ~ "RAW_SOURCES_DISABLED; RAW_DATA_DIR=" ~ directory
                ~ ", RAW_DATA_FORMAT=" ~ raw_format ~ ")") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(located) }}
{% endmacro %}

{#
    Every <ext> file directly in `directory` or in a folder below it, spelled
    `directory/...` (as RAW_DATA_DIR is given, relative or absolute), sorted.
#}
{% macro duckdb__list_raw_files(directory, raw_format) %}
    {%- set result = run_query(
        "select file from glob('" ~ directory ~ "/*." ~ raw_format ~ "') union all "
        ~ "select file from glob('" ~ directory ~ "/*/**/*." ~ raw_format ~ "') "
        ~ "order by 1") -%}
    {{ return(result.columns[0].values() | list) }}
{% endmacro %}

{#
    Spark has no glob(): the binaryFile source lists the files (only `path` is read, never
    the content). Spark returns absolute URIs (file:/...): they are rewritten relative to
    RAW_DATA_DIR as given, so the caller matches them like DuckDB's.
#}
{% macro spark__list_raw_files(directory, raw_format) %}
    {%- do run_query(
        "create or replace temporary view raw_data_files using binaryFile options ("
        ~ "path '" ~ directory ~ "', recursiveFileLookup 'true', "
        ~ "pathGlobFilter '*." ~ raw_format ~ "')") -%}
    {%- set result = run_query("select path from raw_data_files order by 1") -%}
    {%- set marker = (directory[2:] if directory.startswith('./') else directory) ~ '/' -%}
    {%- set files = [] -%}
    {%- for path in result.columns[0].values() -%}
        {#- An absolute RAW_DATA_DIR starts the path, a relative one ends its prefix. -#}
        {%- set position = path.find(marker) if marker.startswith('/')
            else path.rfind('/' ~ marker) + 1 -%}
        {%- if marker.startswith('/') and position >= 0 or position > 0 -%}
            {%- do files.append(directory ~ '/' ~ path[position + marker | length:]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(files) }}
{% endmacro %}

{% macro duckdb__create_raw_views(raw_sources, raw_format, problems, unavailable,
        may_be_absent) %}
    {%- set schemas = raw_sources | map(attribute='schema') | unique | list -%}
    {%- for schema in schemas -%}
        {%- do run_query('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- endfor -%}
    {%- set located = locate_raw_files(
        raw_sources, raw_format, problems, unavailable, may_be_absent) -%}
    {%- if raw_format == 'csv' -%}
        {%- do check_csv_files(located, problems, unavailable) -%}
    {%- endif -%}
    {%- for node, found, files in located if node.identifier not in unavailable -%}
        {%- set location = found ~ '**/*.' ~ raw_format if found.endswith('/') else found -%}
        {%- if raw_format == 'parquet' -%}
            {%- set reader = "read_parquet('" ~ location ~ "', union_by_name = true)" -%}
        {%- else -%}
            {%- set reader = "read_csv('" ~ location ~ "', " ~ raw_csv_options()
                ~ ", union_by_name = true)" -%}
        {%- endif -%}
        {%- set view = adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.identifier) -%}
        {%- do run_query('create or replace view ' ~ view ~ ' as select * from ' ~ reader) -%}
        {#- Freshness needs a timestamp: text (CSV) is parsed like staging parses it. -#}
        {%- set loaded_at = run_query(
            "select data_type from information_schema.columns where table_schema = '"
            ~ node.schema ~ "' and table_name = '" ~ node.identifier
            ~ "' and lower(column_name) = '" ~ raw_load_column(node) ~ "'") -%}
        {%- if loaded_at.rows | length > 0
            and not (loaded_at.rows[0][0] | upper).startswith('TIMESTAMP') -%}
            {%- do run_query(
                'create or replace view ' ~ view ~ ' as select * replace ('
                ~ parse_timestamp(clean_text(raw_load_column(node))) ~ ' as '
                ~ raw_load_column(node) ~ ') from '
                ~ reader) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#
    Spark: one external table per raw table over the same files (dropping it never
    deletes them). Parquet schemas of several files are merged by name. CSV: every
    column is text, as on DuckDB (RFC 4180 quoting, multi-line fields), except
    `_loaded_at`, read as a timestamp so that source freshness works. Spark has no
    reject scan: a ragged or non-UTF-8 line is read leniently (PERMISSIVE: missing fields
    null) and quarantined only if it breaks a staging rule; the GX raw check catches it.
#}
{% macro spark__create_raw_views(raw_sources, raw_format, problems, unavailable,
        may_be_absent) %}
    {%- set schemas = raw_sources | map(attribute='schema') | unique | list -%}
    {%- for schema in schemas -%}
        {%- do run_query('create database if not exists ' ~ adapter.quote(schema)) -%}
    {%- endfor -%}
    {%- set located = locate_raw_files(
        raw_sources, raw_format, problems, unavailable, may_be_absent) -%}
    {%- for node, found, files in located if node.identifier not in unavailable -%}
        {%- set table = adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.identifier) -%}
        {%- set options = "path '" ~ found.rstrip('/') ~ "', recursiveFileLookup '"
            ~ found.endswith('/') | lower ~ "'" -%}
        {%- do run_query('drop table if exists ' ~ table) -%}
        {%- do run_query('drop view if exists ' ~ table) -%}
        {%- if raw_format == 'parquet' -%}
            {%- do run_query('create table ' ~ table ~ ' using parquet options ('
                ~ options ~ ", mergeSchema 'true')") -%}
        {%- else -%}
            {%- set encoding = env_var('RAW_CSV_ENCODING', 'utf-8') | trim | lower -%}
            {%- set csv_options = options ~ ", header 'true', multiLine 'true', "
                ~ "quote '\"', escape '\"', encoding '" ~ (encoding or 'utf-8') ~ "'" -%}
            {%- do run_query("create or replace temporary view raw_csv_header using csv "
                ~ "options (" ~ csv_options ~ ")") -%}
            {%- set header = run_query("select * from raw_csv_header limit 0") -%}
            {%- set columns = [] -%}
            {%- for name in header.column_names -%}
                {%- do columns.append(adapter.quote(name) ~ (
                    ' timestamp' if name | lower == raw_load_column(node) else ' string')) -%}
            {%- endfor -%}
            {%- do run_query('create table ' ~ table ~ ' (' ~ columns | join(', ')
                ~ ') using csv options (' ~ csv_options ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#
    DuckDB's reject scan over every CSV file of the delivery (without stopping at the
    first error): encoding errors and lines whose field count differs from the header,
    with file, line and column. A table with such a file gets no view. The filter on the
    whole row makes DuckDB decode every field (a bare count(*) skips the decoding).
#}
{% macro check_csv_files(located, problems, unavailable) %}
    {%- for node, location, files in located -%}
        {%- for file in files -%}
            {%- do run_query(
                "select count(*) from read_csv('" ~ file ~ "', " ~ raw_csv_options()
                ~ ", store_rejects = true, rejects_table = 'raw_csv_reject_errors', "
                ~ "rejects_scan = 'raw_csv_reject_scans') as csv_rows "
                ~ "where csv_rows is not null") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set tables = run_query(
        "select count(*) from duckdb_tables() where table_name = 'raw_csv_reject_errors'") -%}
    {%- if tables.columns[0].values()[0] | int == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set errors = run_query(
        "select scans.file_path, min(errors.line), any_value(errors.column_name), "
        ~ "any_value(errors.error_type), any_value(errors.error_message), count(*) "
        ~ "from raw_csv_reject_errors as errors inner join raw_csv_reject_scans as scans "
        ~ "on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id "
        ~ "group by 1 order by 1") -%}
    {%- do run_query("drop table raw_csv_reject_errors") -%}
    {%- do run_query("drop table raw_csv_reject_scans") -%}
    {%- for file_path, line, column_name, error_type, message, lines in errors.rows -%}
        {%- for node, location, files in located if file_path in files -%}
            {%- do unavailable.append(node.identifier) -%}
            {%- set where = "raw table " ~ node.identifier
                ~ (", column " ~ column_name if column_name else "")
                ~ ": file " ~ file_path ~ ", line " ~ line -%}
            {%- set more = " (and " ~ (lines - 1) ~ " more lines)" if lines > 1 else "" -%}
            {%- if error_type == 'INVALID ENCODING' -%}
                {%- do problems.append(where ~ ": not valid "
                    ~ env_var('RAW_CSV_ENCODING', 'utf-8') ~ more
                    ~ " (rule: raw CSV files are UTF-8; re-export the file as UTF-8 or "
                    ~ "set RAW_CSV_ENCODING to utf-16 or latin-1)") -%}
            {%- else -%}
                {%- do problems.append(where ~ ": " ~ error_type | lower ~ ", "
                    ~ message.split('\n')[0] ~ more
                    ~ " (rule: a raw CSV is comma-separated with one header row, fields "
                    ~ "with commas, quotes or line breaks in double quotes)") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}

{#
    Every delivered table has every column declared for it in the source YAML (the raw
    contract) but those marked `meta: {optional: true}`, plus its load-time column
    (raw_load_column); names compare case-insensitively. A table with no rows is fine
    unless its YAML says `meta: {required: true}`. Returns the tables without rows, and
    those of `may_be_absent` not in the schema (read as the empty contract table instead:
    a zero-byte CSV has no header).
#}
{% macro check_raw_contract(raw_sources, problems, unavailable, may_be_absent=[]) %}
    {%- set empty = [] -%}
    {%- for node in raw_sources if node.identifier not in unavailable -%}
        {%- set relation = api.Relation.create(
            database=node.database, schema=node.schema, identifier=node.identifier) -%}
        {%- set present = adapter.get_columns_in_relation(relation)
            | map(attribute='name') | map('lower') | list -%}
        {%- if present | length == 0 and node.identifier in may_be_absent -%}
            {%- do empty.append(node) -%}
        {%- elif present | length == 0 -%}
            {%- do problems.append(
                "raw table " ~ node.identifier ~ ": table not found in schema "
                ~ node.schema ~ " (rule: every raw table of the contract must exist)") -%}
        {%- else -%}
            {%- set has_rows = run_query(
                "select count(*) from (select 1 from " ~ relation ~ " limit 1) as probe") -%}
            {%- set is_empty = has_rows.columns[0].values()[0] | int == 0 -%}
            {%- if is_empty and node.meta.get('required') -%}
                {%- do problems.append(
                    "raw table " ~ node.identifier ~ ": the table has no rows (rule: "
                    ~ required_raw_tables_rule() ~ ")") -%}
            {%- elif is_empty -%}
                {%- do empty.append(node) -%}
            {%- endif -%}
            {%- for column in (node.columns.keys() | list) + [raw_load_column(node)] -%}
                {%- if column | lower not in present
                    and not node.columns.get(column, {}).get('meta', {}).get('optional')
                    and not (is_empty and present == ['column0']) -%}
                    {%- do problems.append(
                        "raw table " ~ node.identifier ~ ", column " ~ column
                        ~ ": required column is missing (rule: raw contract, SPEC §2)") -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(empty) }}
{% endmacro %}

{% macro required_raw_tables_rule() -%}
    {%- set required = [] -%}
    {%- for node in project_raw_sources() if node.meta.get('required') -%}
        {%- do required.append(node.identifier) -%}
    {%- endfor -%}
    {{ return(required | join(', ') ~ ' must hold rows; any other table may be empty') }}
{%- endmacro %}
