{#
    The rows an incremental base_ model classifies (README, "Incremental models"): the
    raw rows of the look-back window (`batch`, already filtered with
    `incremental_window('_loaded_at')`) plus every stored row of the same keys loaded
    before the window, so that `row_status` sees all versions of each key it touches:
    a newer version in the increment supersedes the stored winner, a late OLDER version
    stays superseded, a re-delivery is a version like any other. With
    `unique_key=<key>` the run replaces every row of those keys, so the rows of the
    window are never stored twice.
    A row without a key is never a version of anything (it is quarantined): it is taken
    once, when it is newer than everything stored.
    On a full build: the batch as it is.
    Every row returned carries the run's stamp (`_recomputed_at`, last column): all rows
    of a key a run touches are written again together, so the model's scoped tests
    (`unique` on the key among staged rows; scoped_tests.sql) read only them.
#}
{% macro incremental_versions(batch, key) -%}
    {%- if is_incremental() %}
    select
        *,
        {{ run_started_timestamp() }} as _recomputed_at
    from {{ batch }}
    where
        {{ key }} is not null
        or coalesce(_loaded_at > (select max(_loaded_at) from {{ this }}), true)
    union all
    select
        {{ star_except(this, ['_row_status', '_recomputed_at']) }},
        {{ run_started_timestamp() }} as _recomputed_at
    from {{ this }}
    where
        {{ key }} in (select batch_keys.{{ key }} from {{ batch }} as batch_keys)
        and not coalesce({{ incremental_window('_loaded_at') }}, false)
    {%- else %}
    select
        *,
        {{ run_started_timestamp() }} as _recomputed_at
    from {{ batch }}
    {%- endif -%}
{%- endmacro %}
