{#
    The rows an upstream incremental model stamped (`_recomputed_at`, its
    run_started_timestamp()) after this model's own last run: `stamp` is later than
    the latest `_recomputed_at` stored in this model, i.e. the start of the last run
    that wrote to it (README, "Incremental models"). A run that failed in between
    leaves no gap: this model's stamp did not move, so the next run reads those rows
    too. An empty stored model has no stamp: every row is read. Only rendered on an
    incremental run; use it in a where clause.
#}
{% macro recomputed_since_last_run(stamp) -%}
    {{ stamp }} > coalesce(
        (select max(this_run._recomputed_at) from {{ this }} as this_run),
        cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}
