{#
    Where each row of a source system's table goes (SPEC §7, the row audit): the
    contract table it feeds, `lookup` (read into other tables' rows: a link, a stage's
    label, a user's role), or `soft_deleted` / `out_of_scope`. The adapter models keep
    the rows of their contract table; audit_adapter_row_counts counts every row by the
    same rule. Each system declares its tables in <system>_table_scopes()
    (macros/adapters/<system>.sql), one entry per table and contract table it feeds:
      feeds           the contract table its rows feed
      by, by_value    the column whose (trimmed lower-case) value chooses where a row
                      goes; any other value is out of scope
      when            a named row condition (adapter_row_condition) for feeding; a row
                      failing it is out of scope (a HubSpot contact that is no lead)
      passes_deletes  the contract table has `is_deleted` of its own: soft deletes are
                      passed on (the row audit of staging counts them); a delete of any
                      other table stops here
      lookup          every row is read into other tables' rows
      table           the system's table, when the entry is not named after it (one
                      table feeding two contract tables has an entry for each)
#}
{% macro adapter_row_scope(system, entry) %}
    {%- set scope = adapter_table_scopes(system).get(entry) -%}
    {%- if scope is none -%}
        {{ exceptions.raise_compiler_error(
            "adapter_row_scope: no rule for " ~ system ~ " table " ~ entry) }}
    {%- endif -%}
    {%- if scope.lookup -%}
        {{ return("'lookup'") }}
    {%- endif -%}
    {%- set deleted_column = adapter_deleted_column(system, scope.get('table', entry)) -%}
    {%- set fed -%}
        {%- if scope.by is defined -%}
        case
            {%- for value, feeds in scope.by_value.items() %}
            when lower({{ clean_text(scope.by) }}) = '{{ value }}' then '{{ feeds }}'
            {%- endfor %}
            else 'out_of_scope'
        end
        {%- elif scope.when is defined -%}
        case
            when {{ adapter_row_condition(system, scope.when) }} then '{{ scope.feeds }}'
            else 'out_of_scope'
        end
        {%- else -%}
        '{{ scope.feeds }}'
        {%- endif -%}
    {%- endset -%}
    {%- if scope.passes_deletes or deleted_column is none -%}
        {{ return(fed) }}
    {%- endif -%}
    {%- set deleted = "coalesce(" ~ try_cast(clean_text(deleted_column), dbt.type_boolean())
        ~ ", false)" -%}
    {{ return("case when " ~ deleted ~ " then 'soft_deleted' else " ~ fed ~ " end") }}
{% endmacro %}

{# The table scopes of a source system; none for the contract. #}
{% macro adapter_table_scopes(system) %}
    {{ return({
        'contract': {},
        'salesforce': salesforce_table_scopes(),
        'hubspot': hubspot_table_scopes(),
    }[system]) }}
{% endmacro %}

{# The soft-delete column of a system's table; none when the table has none. #}
{% macro adapter_deleted_column(system, table) %}
    {%- if system == 'salesforce' -%}
        {{ return(salesforce_deleted_column(table)) }}
    {%- endif -%}
    {{ return(hubspot_deleted_columns().get(table)) }}
{% endmacro %}

{% macro adapter_row_condition(system, name) %}
    {{ return(hubspot_row_condition(name)) }}
{% endmacro %}

{#
    A fact a system keeps in no standard field (an account's segment, a lead's score):
    var <system>_fields maps each to the field the org uses (dbt_project.yml has the
    defaults). The column when the table has it, else null (the marts then show
    `unknown` or null, SPEC §6). `raw_types` is raw_column_types() of the relation.
#}
{% macro adapter_field(system, fact, raw_types, relation_alias=none) %}
    {%- set column = adapter_field_name(system, fact) -%}
    {%- if adapter_field_present(system, fact, raw_types) -%}
        {{ return((relation_alias ~ '.' if relation_alias else '') ~ column) }}
    {%- endif -%}
    {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
{% endmacro %}

{% macro adapter_field_present(system, fact, raw_types) %}
    {{ return(not raw_types or adapter_field_name(system, fact) | lower in raw_types) }}
{% endmacro %}

{% macro adapter_field_name(system, fact) %}
    {%- set fields = var(system ~ '_fields') -%}
    {%- if fact not in fields -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ system ~ "_fields has no entry " ~ fact ~ " (rule: every fact of "
            ~ "dbt_project.yml's " ~ system ~ "_fields names a field, e.g. " ~ fact
            ~ ": my_field)") }}
    {%- endif -%}
    {{ return(fields[fact] | trim | lower) }}
{% endmacro %}
