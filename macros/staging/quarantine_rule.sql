{#
    Bad-row rules of SPEC §2 rule 7. `rules` is a list of dicts, checked in order; the first
    failing rule names the column and the rule of a quarantined row:
      {'column': 'call_id', 'rule': 'null_key'}
      {'column': 'started_at', 'rule': 'null_required'}
      {'column': 'started_at', 'rule': 'unparseable', 'type': 'timestamp'}
      {'column': 'amount', 'rule': 'negative_amount'}
      {'column': 'ended_at', 'rule': 'end_before_start', 'start': 'started_at', 'type': 'timestamp'}
      {'column': 'score', 'rule': 'out_of_range', 'min': 0, 'max': 10}
      {'column': 'amount', 'rule': 'amount_out_of_range'}   (above var max_amount)
      {'column': 'started_at', 'rule': 'after_load_time'}   (SPEC §6, impossible_times())
      {'column': 'started_at', 'rule': 'before_min_date'}
      {'column': 'period_end', 'rule': 'beyond_planning_horizon'}  (a planned date more
                                     than var planning_horizon_days after the load)
    Conditions read the raw columns, so they do not depend on how the model renames them.
    `quarantine_columns(rules, raw_types)` renders the `quarantine_column` and
    `quarantine_rule` columns; `raw_types` is raw_column_types() of the source (parse_value).
#}
{% macro quarantine_condition(check, raw_types={}) -%}
    {%- set column = check['column'] -%}
    {%- if check['rule'] in ('null_key', 'null_required') -%}
        {{ raw_is_missing(column, raw_types) }}
    {%- elif check['rule'] == 'unparseable' -%}
        {{ parse_failed(column, check['type'], raw_types) }}
    {%- elif check['rule'] == 'negative_amount' -%}
        {{ parse_value(column, 'decimal', raw_types) }} < 0
    {%- elif check['rule'] == 'amount_out_of_range' -%}
        {{ parse_value(column, 'decimal', raw_types) }} > {{ var('max_amount') }}
    {%- elif check['rule'] == 'after_load_time' -%}
        {{ parse_value(column, 'timestamp', raw_types) }} > {{ dbt.dateadd(
            'day', var('load_time_tolerance_days'),
            parse_value('_loaded_at', 'timestamp', raw_types)) }}
    {%- elif check['rule'] == 'beyond_planning_horizon' -%}
        {{ parse_value(column, 'date', raw_types) }} > {{ dbt.dateadd(
            'day', var('planning_horizon_days'),
            parse_value('_loaded_at', 'timestamp', raw_types)) }}
    {%- elif check['rule'] == 'before_min_date' -%}
        {{ parse_value(column, 'timestamp', raw_types) }}
        < cast('{{ var("earliest_valid_date") }}' as {{ dbt.type_timestamp() }})
    {%- elif check['rule'] == 'end_before_start' -%}
        {{ parse_value(column, check['type'], raw_types) }}
        < {{ parse_value(check['start'], check['type'], raw_types) }}
    {%- elif check['rule'] == 'out_of_range' -%}
        {{ parse_value(column, 'int', raw_types) }} not between {{ check['min'] }} and {{ check['max'] }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Unknown quarantine rule: " ~ check['rule']) }}
    {%- endif -%}
{%- endmacro %}

{#
    The rules of a time at which something already happened (SPEC §6): not after the
    row's `_loaded_at` plus var load_time_tolerance_days (`after_load_time`), not before
    var earliest_valid_date (`before_min_date`, e.g. an epoch-zero default). Times that
    lie ahead by nature (a meeting's scheduled start, a close date, a goal period) are
    never given these rules.
#}
{% macro impossible_times(columns) -%}
    {%- set rules = [] -%}
    {%- for column in columns -%}
        {%- do rules.append({'column': column, 'rule': 'after_load_time'}) -%}
        {%- do rules.append({'column': column, 'rule': 'before_min_date'}) -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}

{% macro quarantine_rule_name(check) -%}
    {%- if check['rule'] == 'unparseable' -%}
        unparseable_{{ check['type'] }}
    {%- else -%}
        {{ check['rule'] }}
    {%- endif -%}
{%- endmacro %}

{#
    A rule marked `optional` checks an optional raw column (SPEC §7, §8) and applies only
    when the delivery has the column.
#}
{% macro quarantine_columns(rules, raw_types={}) -%}
    {%- set applicable = [] -%}
    {%- for check in rules
        if not check.get('optional') or check['column'] | lower in raw_types -%}
        {%- do applicable.append(check) -%}
    {%- endfor -%}
    case
        {%- for check in applicable %}
        when {{ quarantine_condition(check, raw_types) }} then '{{ check["column"] }}'
        {%- endfor %}
    end as quarantine_column,
    case
        {%- for check in applicable %}
        when {{ quarantine_condition(check, raw_types) }} then '{{ quarantine_rule_name(check) }}'
        {%- endfor %}
    end as quarantine_rule
{%- endmacro %}
