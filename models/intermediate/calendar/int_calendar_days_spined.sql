{#
    One row per day from the first to the last date of the data (int_data_date_bounds):
    never a fixed range. The day numbers come from dbt.generate_series with a bound of
    about a century, so nothing is queried while compiling.
#}
with

bounds as (
    select * from {{ ref('int_data_date_bounds') }}
),

day_numbers as (
    {{ dbt.generate_series(36600) }}
),

days as (
    select
        cast({{ dbt.dateadd(
            'day', 'day_numbers.generated_number - 1', 'bounds.first_date'
        ) }} as date) as date_day
    from day_numbers
    cross join bounds
    where day_numbers.generated_number - 1 <= {{ dbt.datediff(
        'bounds.first_date', 'bounds.last_date', 'day'
    ) }}
)

select * from days
