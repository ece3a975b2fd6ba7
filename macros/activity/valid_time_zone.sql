{#
    The engine's own spelling of a time-zone name (IANA, e.g. `Europe/Berlin`; matched
    case-insensitively, surrounding spaces ignored), or null when the engine does not
    know the zone. Lets a model fall back to UTC instead of failing on a bad CRM value.
    Dispatched: each engine lists its zones differently.
#}
{% macro valid_time_zone(time_zone) -%}
    {{ return(adapter.dispatch('valid_time_zone', 'sales_warehouse')(time_zone)) }}
{%- endmacro %}

{# Postgres and engines that copy its catalog. #}
{% macro default__valid_time_zone(time_zone) -%}
    (
        select min(tz_names.name)
        from pg_timezone_names as tz_names
        where lower(tz_names.name) = lower(trim({{ time_zone }}))
    )
{%- endmacro %}

{# DuckDB (ICU extension, bundled): pg_timezone_names() lists every zone it accepts. #}
{% macro duckdb__valid_time_zone(time_zone) -%}
    (
        select min(tz_names.name)
        from pg_timezone_names() as tz_names
        where lower(tz_names.name) = lower(trim({{ time_zone }}))
    )
{%- endmacro %}

{# Spark has no zone catalog and from_utc_timestamp fails on an unknown zone (and on
   a zone spelled in the wrong case): the IANA names of the tz database that dbt ships
   (pytz), looked up case-insensitively in a map literal. Java's own tz data (Spark's
   JVM) holds the same names. #}
{% macro spark__valid_time_zone(time_zone) -%}
    try_element_at(map(
        {%- for zone in modules.pytz.all_timezones %}
        '{{ zone | lower }}', '{{ zone }}'{{ ',' if not loop.last }}
        {%- endfor %}
    ), lower(trim({{ time_zone }})))
{%- endmacro %}
