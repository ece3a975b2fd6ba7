{#
    One row per day from the first to the last date of the data (int_data_date_bounds):
    never a fixed range.
#}
with

days as (
    {{ dbt.date_spine(
        'day',
        "(select first_date from " ~ ref('int_data_date_bounds') ~ ")",
        dbt.dateadd('day', 1, "(select last_date from " ~ ref('int_data_date_bounds') ~ ")")
    ) }}
),

typed as (
    select cast(date_day as date) as date_day
    from days
)

select * from typed
