{#
    Typed value of a raw column, or null when the text cannot be parsed. Raw files may carry
    typed columns (Parquet) or text (CSV, exports): going through text handles both.
    A failed parse is detected by `parse_failed` and quarantined by the staging models.
    `raw_types` (raw_column_types() of the model's source) skips the text round trip for a
    column the delivery already has in the logical type: the same value, without casting
    every timestamp and integer to text and parsing it back.
#}
{% macro parse_value(column, data_type, raw_types={}) -%}
    {%- if is_typed_raw_column(column, data_type, raw_types) -%}
        {{ try_cast(column, parse_type(data_type)) }}
    {%- elif data_type == 'timestamp' -%}
        {{ parse_timestamp(clean_text(column)) }}
    {%- else -%}
        {{ try_cast(clean_text(column), parse_type(data_type)) }}
    {%- endif -%}
{%- endmacro %}

{% macro parse_type(data_type) -%}
    {%- set types = {
        'date': 'date',
        'decimal': dbt.type_numeric(),
        'int': dbt.type_int(),
        'bool': dbt.type_boolean(),
        'string': dbt.type_string(),
        'timestamp': dbt.type_timestamp(),
    } -%}
    {{ types[data_type] }}
{%- endmacro %}

{#
    Raw text present but not parseable as the logical type: the row is quarantined.
#}
{% macro parse_failed(column, data_type, raw_types={}) -%}
    (not {{ raw_is_missing(column, raw_types) }}
        and {{ parse_value(column, data_type, raw_types) }} is null)
{%- endmacro %}

{#
    A raw value that is missing: null, or (text) empty or blank.
#}
{% macro raw_is_missing(column, raw_types={}) -%}
    {%- if is_typed_raw_column(column, 'any', raw_types) -%}
        {{ column }} is null
    {%- else -%}
        {{ clean_text(column) }} is null
    {%- endif -%}
{%- endmacro %}

{#
    The data types of the columns of a raw relation (lower-case column name -> lower-case
    type). Empty while dbt parses the project (nothing is queried then), so every column
    goes through text: the typed shortcut is an optimisation, never a different result.
#}
{% macro raw_column_types(relation) -%}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for raw_column in adapter.get_columns_in_relation(relation) -%}
            {%- do types.update({raw_column.name | lower: raw_column.dtype | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(types) }}
{%- endmacro %}

{% macro is_typed_raw_column(column, data_type, raw_types={}) -%}
    {%- set raw_type = raw_types.get(column | lower) -%}
    {%- if data_type in ('decimal', 'any') and raw_decimal_fits(raw_type) -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(raw_type in typed_raw_types_of(data_type)) }}
{%- endmacro %}

{#
    A raw decimal(p, s) column holds a logical decimal exactly when parse_type('decimal')
    has room for its digits on both sides of the point (s <= S and p - s <= P - S): the
    cast is exact, as parsing its text would be. On DuckDB it also skips a slow path: text
    to a decimal wider than 18 digits is far slower than a decimal to decimal cast.
#}
{% macro raw_decimal_fits(raw_type) -%}
    {%- set decimal_pattern = '^(?:decimal|numeric)\((\d+),\s*(\d+)\)$' -%}
    {%- set raw = modules.re.match(decimal_pattern, (raw_type or '') | trim) -%}
    {%- set parsed = modules.re.match(decimal_pattern, parse_type('decimal') | trim | lower) -%}
    {%- if raw is none or parsed is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set raw_precision, raw_scale = raw.group(1) | int, raw.group(2) | int -%}
    {%- set precision, scale = parsed.group(1) | int, parsed.group(2) | int -%}
    {{ return(raw_scale <= scale and raw_precision - raw_scale <= precision - scale) }}
{%- endmacro %}

{#
    Raw column types (as DuckDB and Spark name them) that hold a logical type exactly, so
    that a plain cast gives what parsing their text would (decimals: raw_decimal_fits).
    Not doubles (text of a double rounds differently), not timestamps with a time zone or
    another precision.
#}
{% macro typed_raw_types_of(data_type) -%}
    {%- set typed = {
        'timestamp': ['timestamp', 'timestamp without time zone'],
        'int': ['integer', 'int', 'bigint', 'smallint', 'tinyint', 'int4', 'int8', 'int2'],
        'date': ['date'],
        'bool': ['boolean'],
    } -%}
    {%- if data_type == 'any' -%}
        {{ return(typed.values() | sum(start=[])) }}
    {%- endif -%}
    {{ return(typed.get(data_type, [])) }}
{%- endmacro %}
