{#
    Seed rows on Spark. dbt-spark's own spark__load_csv_rows binds values by pasting
    them between quotes in `session` mode: a quote in a value breaks the statement
    (business_holidays: New Year's Day) and an empty cell becomes the text 'None'. This
    override renders each value as an escaped Spark literal instead (null for an empty
    cell), cast to the seed's column type; DuckDB keeps dbt-duckdb's loader.
#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for col_name in agate_table.column_names -%}
                {%- set type = column_override.get(
                    col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                {%- do values.append(
                    'cast(' ~ spark_seed_literal(row[loop.index0]) ~ ' as ' ~ type ~ ')') -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values\n' ~ rows | join(',\n') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{# A Python value of an agate row as a Spark SQL literal. #}
{% macro spark_seed_literal(value) %}
    {%- if value is none -%}
        {{ return('null') }}
    {%- elif value is sameas true or value is sameas false -%}
        {{ return(value | string | lower) }}
    {%- elif value is number -%}
        {{ return(value | string) }}
    {%- else -%}
        {{ return("'" ~ (value | string).replace('\\', '\\\\').replace("'", "\\'") ~ "'") }}
    {%- endif -%}
{% endmacro %}
