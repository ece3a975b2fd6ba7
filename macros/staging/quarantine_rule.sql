{#
    Bad-row rules of SPEC §2 rule 7. `rules` is a list of dicts, checked in order; the first
    failing rule names the column and the rule of a quarantined row:
      {'column': 'call_id', 'rule': 'null_key'}
      {'column': 'started_at', 'rule': 'null_required'}
      {'column': 'started_at', 'rule': 'unparseable', 'type': 'timestamp'}
      {'column': 'amount', 'rule': 'negative_amount'}
      {'column': 'ended_at', 'rule': 'end_before_start', 'start': 'started_at', 'type': 'timestamp'}
      {'column': 'score', 'rule': 'out_of_range', 'min': 0, 'max': 10}
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
    {%- elif check['rule'] == 'end_before_start' -%}
        {{ parse_value(column, check['type'], raw_types) }}
        < {{ parse_value(check['start'], check['type'], raw_types) }}
    {%- elif check['rule'] == 'out_of_range' -%}
        {{ parse_value(column, 'int', raw_types) }} not between {{ check['min'] }} and {{ check['max'] }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Unknown quarantine rule: " ~ check['rule']) }}
    {%- endif -%}
{%- endmacro %}

{% macro quarantine_rule_name(check) -%}
    {%- if check['rule'] == 'unparseable' -%}
        unparseable_{{ check['type'] }}
    {%- else -%}
        {{ check['rule'] }}
    {%- endif -%}
{%- endmacro %}

{% macro quarantine_columns(rules, raw_types={}) -%}
    case
        {%- for check in rules %}
        when {{ quarantine_condition(check, raw_types) }} then '{{ check["column"] }}'
        {%- endfor %}
    end as quarantine_column,
    case
        {%- for check in rules %}
        when {{ quarantine_condition(check, raw_types) }} then '{{ quarantine_rule_name(check) }}'
        {%- endfor %}
    end as quarantine_rule
{%- endmacro %}
