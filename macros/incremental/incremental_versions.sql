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
#}
{% macro incremental_versions(batch, key) -%}
    {%- if is_incremental() %}
    select * from {{ batch }}
    where
        {{ key }} is not null
        or coalesce(_loaded_at > (select max(_loaded_at) from {{ this }}), true)
    union all
    select
        {{ star_except(this, ['_row_status']) }}
    from {{ this }}
    where
        {{ key }} in (select batch_keys.{{ key }} from {{ batch }} as batch_keys)
        and not coalesce({{ incremental_window('_loaded_at') }}, false)
    {%- else %}
    select * from {{ batch }}
    {%- endif -%}
{%- endmacro %}
