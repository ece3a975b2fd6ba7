{#
    Wall-clock time in `time_zone` (an IANA name) of a UTC timestamp without time zone,
    as a timestamp without time zone, correct across daylight-saving changes. There is
    no dbt cross-database macro for this, so it is dispatched. A null zone means UTC.
    The zone must be one the engine knows: pass it through `valid_time_zone` first (an
    unknown zone name fails the query on most engines).
#}
{% macro to_local_time(utc_timestamp, time_zone) -%}
    {{ return(adapter.dispatch('to_local_time', 'sales_warehouse')(
        utc_timestamp, time_zone)) }}
{%- endmacro %}

{# Postgres semantics: `ts at time zone 'UTC'` reads ts as UTC (a timestamptz), and
   `timestamptz at time zone zone` gives the wall-clock time in that zone. #}
{% macro default__to_local_time(utc_timestamp, time_zone) -%}
    (({{ utc_timestamp }}) at time zone 'UTC')
        at time zone coalesce({{ time_zone }}, 'UTC')
{%- endmacro %}

{# timezone(zone, timestamp) reads the timestamp as wall-clock time in that zone (here
   UTC, so the session TimeZone setting does not matter); timezone(zone, timestamptz)
   gives the wall-clock time in the zone. #}
{% macro duckdb__to_local_time(utc_timestamp, time_zone) -%}
    timezone(coalesce({{ time_zone }}, 'UTC'), timezone('UTC', {{ utc_timestamp }}))
{%- endmacro %}

{% macro spark__to_local_time(utc_timestamp, time_zone) -%}
    from_utc_timestamp({{ utc_timestamp }}, coalesce({{ time_zone }}, 'UTC'))
{%- endmacro %}

{#
    `timestamp` plus a whole number of `seconds`, exactly: dbt.dateadd, except on Spark,
    whose dateadd goes through unix seconds and drops the fraction of a second.
#}
{% macro add_seconds(timestamp, seconds) -%}
    {{ return(adapter.dispatch('add_seconds', 'sales_warehouse')(timestamp, seconds)) }}
{%- endmacro %}

{% macro default__add_seconds(timestamp, seconds) -%}
    {{ dbt.dateadd('second', seconds, timestamp) }}
{%- endmacro %}

{% macro spark__add_seconds(timestamp, seconds) -%}
    timestamp_micros(unix_micros({{ timestamp }}) + cast({{ seconds }} as bigint) * 1000000)
{%- endmacro %}
