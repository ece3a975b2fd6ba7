{#
    The look-back predicate of every incremental model (README, "Incremental models"):
    `column` is within var('incremental_lookback_days') days of the latest `watermark`
    (default: the same column) already stored in the model. On a full build (first run
    or --full-refresh) it is `1 = 1`, so the model reads everything. Use it in a where
    clause: `where {{ incremental_window('_loaded_at') }}`.
    An empty stored model has no watermark: everything is read.
#}
{% macro incremental_window(column, watermark=none) %}
    {{ return(adapter.dispatch('incremental_window', 'sales_warehouse')(column, watermark)) }}
{% endmacro %}

{% macro default__incremental_window(column, watermark=none) -%}
    {%- if is_incremental() -%}
        {{ column }} >= coalesce({{ incremental_cutoff(watermark or column) }}, {{ column }})
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#
    The start of the look-back window: the latest `watermark` stored in the model, minus
    var('incremental_lookback_days') days, a literal when the model runs
    (timestamp_lookup(): a scale 10 refresh of int_activity_counterparts_identified,
    whose window filters repeat it 18 times, 1.25 -> 0.8 s).
#}
{% macro incremental_cutoff(watermark) -%}
    {%- set cutoff_query -%}
        select {{ dbt.dateadd('day', -1 * incremental_lookback_days(), 'max(' ~ watermark ~ ')') }}
        from {{ this }}
    {%- endset -%}
    {{ timestamp_lookup(cutoff_query) }}
{%- endmacro %}

{% macro incremental_lookback_days() %}
    {%- set days = var('incremental_lookback_days') | int -%}
    {%- if days < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var incremental_lookback_days must be >= 0, not " ~ days) }}
    {%- endif -%}
    {{ return(days) }}
{% endmacro %}

{#
    `_loaded_at` of a raw table as a timestamp, for the look-back filter of an
    incremental base_ model. The raw views already type it (register_raw_sources), so on
    files this is a no-op cast and the filter still prunes Parquet row groups; a raw
    schema with text `_loaded_at` is cast.
#}
{% macro raw_loaded_at() -%}
    cast(_loaded_at as {{ dbt.type_timestamp() }})
{%- endmacro %}
