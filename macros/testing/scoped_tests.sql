{#
    Scoped data tests (README, "Data quality"): a data test of a large incremental model
    reads only the rows that the same test has not yet passed on, so that a refresh
    tests the rows it rewrote, not the whole history again.

    A test is scoped when its model opts in (`meta: {scoped_tests: true}`), is built
    incrementally (so not on Spark, where every model is a table) and stamps each row
    with the run that last wrote it (`_recomputed_at`, run_started_timestamp()), and the
    test judges each row on its own: not_null, accepted_values, expression_is_true, or
    unique / unique_combination_of_columns on the model's unique key (delete+insert
    replaces every stored row of a key it writes, so keys unique among the new rows stay
    unique in the table). A relationships test, a test across rows or tables, and every
    test of another model read the whole table as before.

    The scope is the rows stamped after the start of the last run in which the test
    passed (`audit_tests.scoped_test_passes`, written by record_test_passes() at the end
    of every run). A failing test keeps failing in later runs until its rows are fixed:
    its rows are not "passed" before it passes. A full refresh rewrites every row, so it
    tests them all; so does `--vars '{test_all_rows: true}'` without rebuilding.
#}

{#- dbt's own macro with the scope added to the test's `where` config. -#}
{% macro get_where_subquery(relation) -%}
    {%- set predicates = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do predicates.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- if is_scoped_test(model) -%}
        {%- do predicates.append(rows_since_last_pass()) -%}
    {%- endif -%}
    {%- if predicates -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ predicates | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#- Whether a generic test node reads only the rows since its last pass (rules above). -#}
{% macro is_scoped_test(test_node) -%}
    {%- if not execute or var('test_all_rows', false) -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set metadata = test_node.get('test_metadata') or {} -%}
    {%- set parents = test_node.get('depends_on', {}).get('nodes', []) -%}
    {%- if test_node.get('resource_type') != 'test' or not metadata
        or parents | length != 1 -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set parent = graph.nodes.get(parents[0]) -%}
    {%- if parent is none or parent.resource_type != 'model'
        or parent.config.materialized != 'incremental'
        or not parent.config.meta.get('scoped_tests', false) -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set kwargs = metadata.get('kwargs', {}) -%}
    {%- set unique_key = parent.config.unique_key -%}
    {%- set key_columns = [unique_key] if unique_key is string else unique_key -%}
    {%- if metadata.name in ['not_null', 'accepted_values', 'expression_is_true'] -%}
        {{- return(true) -}}
    {%- elif metadata.name == 'unique' -%}
        {{- return([kwargs.get('column_name')] == key_columns) -}}
    {%- elif metadata.name == 'unique_combination_of_columns' -%}
        {{- return(kwargs.get('combination_of_columns') | sort
            == key_columns | sort) -}}
    {%- endif -%}
    {{- return(false) -}}
{%- endmacro %}

{#- The predicate of a scoped test: rows written after its last passing run (a literal
    when the test runs, timestamp_lookup(), so the scan skips the older row groups). -#}
{% macro rows_since_last_pass() -%}
    {%- set last_pass_query -%}
        select max(passes.passed_run_started_at)
        from {{ test_passes_relation() }} as passes
        where passes.test_id = '{{ model.unique_id }}'
    {%- endset -%}
    {#- `dbt compile` and `dbt docs generate` run no on-run-start hook: no passes yet. -#}
    {%- set passes = load_relation(test_passes_relation()) -%}
    _recomputed_at > coalesce(
        {{ timestamp_lookup(last_pass_query) if passes is not none
            else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }},
        cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}

{% macro test_passes_relation() -%}
    {{- return(api.Relation.create(
        database=target.database, schema='audit_tests', identifier='scoped_test_passes'
    )) -}}
{%- endmacro %}

{#-
    on-run-start: the table of passes, created once and committed (dbt rolls back what
    a hook leaves in an open transaction); engines without scoped tests skip it.
-#}
{% macro create_test_passes() -%}
    {%- if execute -%}
        {%- do adapter.dispatch('create_test_passes', 'sales_warehouse')() -%}
    {%- endif -%}
    {{- return('') -}}
{%- endmacro %}

{% macro default__create_test_passes() -%}
    {%- do run_query(
        'create schema if not exists ' ~ test_passes_relation().without_identifier()) -%}
    {%- do run_query(
        'create table if not exists ' ~ test_passes_relation() ~ ' ('
        ~ 'test_id ' ~ dbt.type_string() ~ ', '
        ~ 'passed_run_started_at ' ~ dbt.type_timestamp() ~ ')') -%}
    {#- run_query left a transaction open: commit it, or dbt rolls it back. -#}
    {%- do adapter.commit() -%}
{%- endmacro %}

{% macro spark__create_test_passes() -%}
{%- endmacro %}

{#-
    on-run-end: the data tests that passed in this run, with the run's start (one row
    per test: its latest pass). A test that failed, warned, errored or was skipped keeps
    its last pass, so its next run reads the same rows again, and the new ones.
-#}
{% macro record_test_passes(results) -%}
    {%- if execute -%}
        {%- set passed = [] -%}
        {%- for result in results -%}
            {%- if result.node.resource_type == 'test' and result.status == 'pass' -%}
                {%- do passed.append(result.node.unique_id) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if passed -%}
            {%- do adapter.dispatch('record_test_passes', 'sales_warehouse')(passed) -%}
        {%- endif -%}
    {%- endif -%}
    {{- return('') -}}
{%- endmacro %}

{% macro default__record_test_passes(passed) -%}
    {%- set test_ids = "'" ~ passed | join("', '") ~ "'" -%}
    {%- do run_query(
        'delete from ' ~ test_passes_relation() ~ ' where test_id in (' ~ test_ids ~ ')'
    ) -%}
    {%- do run_query(
        'insert into ' ~ test_passes_relation() ~ ' (test_id, passed_run_started_at) '
        ~ 'select test_id, ' ~ run_started_timestamp() ~ " from (values ('"
        ~ passed | join("'), ('") ~ "')) as passed (test_id)"
    ) -%}
    {%- do adapter.commit() -%}
{%- endmacro %}

{% macro spark__record_test_passes(passed) -%}
{%- endmacro %}
