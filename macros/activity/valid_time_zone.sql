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

{# Spark has no zone catalog: accept names shaped like IANA region ids or UTC offsets;
   an unknown name of that shape still reaches from_utc_timestamp. #}
{% macro spark__valid_time_zone(time_zone) -%}
    {%- set zone_shape = '^([A-Za-z_]+(/[A-Za-z0-9_+-]+)*|[+-][0-9]{2}:[0-9]{2})$' -%}
    case
        when trim({{ time_zone }}) rlike '{{ zone_shape }}' then trim({{ time_zone }})
    end
{%- endmacro %}
