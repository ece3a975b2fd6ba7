{#
    The rows an upstream incremental model stamped (`_recomputed_at`, its
    run_started_timestamp()) after this model's own last run: `stamp` is later than
    the latest `_recomputed_at` stored in this model, i.e. the start of the last run
    that wrote to it (README, "Incremental models"). A run that failed in between
    leaves no gap: this model's stamp did not move, so the next run reads those rows
    too. An empty stored model has no stamp: every row is read. The stamp is a literal
    when the model runs (timestamp_lookup()), so that the scan of the upstream model
    skips the row groups written before it. Only rendered on an incremental run; use it
    in a where clause.
#}
{% macro recomputed_since_last_run(stamp) -%}
    {%- set last_run_query -%}
        select max(this_run._recomputed_at) from {{ this }} as this_run
    {%- endset -%}
    {{ stamp }} > coalesce(
        {{ timestamp_lookup(last_run_query) }},
        cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}
