{#
    Whole minutes elapsed from `start_at` to `end_at` (SPEC §9 response minutes): the
    elapsed seconds divided by 60, rounded down, so 60 min 59 s is 60 minutes. Not
    dbt.datediff(..., 'minute'), which counts minute boundaries crossed (10:00:59 to
    10:01:00 would be one minute).
#}
{% macro whole_minutes_between(start_at, end_at) -%}
    cast(floor({{ dbt.datediff(start_at, end_at, 'second') }} / 60.0)
        as {{ dbt.type_int() }})
{%- endmacro %}
