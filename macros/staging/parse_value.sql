{#
    Typed value of a raw column, or null when the text cannot be parsed. Raw files may carry
    typed columns (Parquet) or text (CSV, exports): going through text handles both.
    A failed parse is detected by `parse_failed` and quarantined by the staging models.
#}
{% macro parse_value(column, data_type) -%}
    {%- if data_type == 'timestamp' -%}
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
    } -%}
    {{ types[data_type] }}
{%- endmacro %}

{#
    Raw text present but not parseable as the logical type: the row is quarantined.
#}
{% macro parse_failed(column, data_type) -%}
    ({{ clean_text(column) }} is not null and {{ parse_value(column, data_type) }} is null)
{%- endmacro %}
