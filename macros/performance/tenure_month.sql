{#
    A rep's tenure month on a day (SPEC §9 ramp): the whole months from the hire date
    to the day, 0 in the first month. A month is whole on the same day of the month as
    the hire (hired 01-15: 02-14 is tenure month 0, 02-15 month 1); a hire on the 31st
    completes a month on the last day of a shorter month only when that is not before
    the day of the hire (so 02-28 stays in month 0 and 03-31 starts month 2).
#}
{#- Month boundaries from extract(), not dbt.datediff: dbt-spark's month difference
    already counts whole months, DuckDB's counts boundaries. -#}
{% macro tenure_month(hired_date, on_date) -%}
    ((extract(year from {{ on_date }}) - extract(year from {{ hired_date }})) * 12
        + extract(month from {{ on_date }}) - extract(month from {{ hired_date }})
        - case
            when extract(day from {{ on_date }}) < extract(day from {{ hired_date }})
                then 1
            else 0
        end)
{%- endmacro %}
