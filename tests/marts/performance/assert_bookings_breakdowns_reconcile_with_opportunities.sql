-- Every breakdown adds up to bookings: for each dimension of fct_bookings_breakdown
-- (and the lost-deal and scorecard marts), the rows of each close month and owner rep
-- sum to the won amount of fct_opportunities closed that month, on or before the as-of
-- date. Rows are the months, reps and dimensions that disagree.
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

breakdown as (
    select * from {{ ref('fct_bookings_breakdown') }}
),

rep_monthly as (
    select * from {{ ref('fct_rep_performance_monthly') }}
),

won_by_month_and_rep as (
    select
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as close_month,
        owner_rep_id,
        coalesce(sum(amount), 0) as bookings
    from opportunities
    where is_won and close_date <= {{ as_of_date() }}
    group by 1, 2
),

dimensions as (
    select distinct dimension from breakdown
),

expected as (
    select
        won_by_month_and_rep.close_month,
        won_by_month_and_rep.owner_rep_id,
        dimensions.dimension,
        won_by_month_and_rep.bookings
    from won_by_month_and_rep
    cross join dimensions
    union all
    select
        close_month,
        owner_rep_id,
        'fct_rep_performance_monthly' as dimension,
        bookings
    from won_by_month_and_rep
),

actual as (
    select
        close_month,
        owner_rep_id,
        dimension,
        coalesce(sum(bookings), 0) as bookings
    from breakdown
    group by 1, 2, 3
    union all
    select
        month_start as close_month,
        rep_id as owner_rep_id,
        'fct_rep_performance_monthly' as dimension,
        bookings
    from rep_monthly
    where bookings != 0
),

compared as (
    select
        coalesce(expected.close_month, actual.close_month) as close_month,
        coalesce(expected.owner_rep_id, actual.owner_rep_id) as owner_rep_id,
        coalesce(expected.dimension, actual.dimension) as dimension,
        expected.bookings as expected_bookings,
        actual.bookings as actual_bookings
    from expected
    full outer join actual
        on
            expected.close_month = actual.close_month
            and expected.owner_rep_id = actual.owner_rep_id
            and expected.dimension = actual.dimension
)

select * from compared
where coalesce(expected_bookings, 0) != coalesce(actual_bookings, 0)
