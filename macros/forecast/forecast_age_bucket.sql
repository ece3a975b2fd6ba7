{#
    The age of an open deal on a day, as the statistical forecast buckets it (SPEC §8
    "a deal in that stage and age"): days since its creation, up to 30, 90, 180, older.
#}
{% macro forecast_age_bucket(created_at, on_day) -%}
    case
        when {{ dbt.datediff(created_at, on_day, 'day') }} <= 30 then '0-30'
        when {{ dbt.datediff(created_at, on_day, 'day') }} <= 90 then '31-90'
        when {{ dbt.datediff(created_at, on_day, 'day') }} <= 180 then '91-180'
        else '181+'
    end
{%- endmacro %}
