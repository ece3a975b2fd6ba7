{#
    Market penetration (SPEC §3) per month, account segment and region: customers at the
    month's end (accounts whose first won deal closed by then, dim_accounts) over the
    addressable accounts of the seed market_sizes. Every segment and region of the seed
    has a row in every month up to the as-of month; customers in a segment or region the
    seed does not size (`other`, `unknown`) have rows with a null penetration. For a
    coarser slice, sum customers and addressable accounts, then divide.
#}
with

accounts as (
    select * from {{ ref('dim_accounts') }}
),

market_sizes as (
    select * from {{ ref('market_sizes') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

months as (
    select distinct calendar.month_start
    from calendar
    cross join as_of
    where calendar.date_day <= as_of.as_of_date
),

new_customers as (
    select
        cast({{ dbt.date_trunc('month', 'first_won_date') }} as date) as month_start,
        segment,
        region,
        count(*) as new_customers
    from accounts
    where is_customer and account_id != 'unknown'
    group by 1, 2, 3
),

markets as (
    select
        segment,
        region
    from market_sizes
    union
    select
        segment,
        region
    from new_customers
),

grid as (
    select
        months.month_start,
        markets.segment,
        markets.region
    from months
    cross join markets
),

cumulated as (
    select
        grid.month_start,
        grid.segment,
        grid.region,
        coalesce(new_customers.new_customers, 0) as new_customers,
        sum(coalesce(new_customers.new_customers, 0)) over (
            partition by grid.segment, grid.region
            order by grid.month_start
            rows between unbounded preceding and current row
        ) as customers
    from grid
    left join new_customers
        on
            grid.month_start = new_customers.month_start
            and grid.segment = new_customers.segment
            and grid.region = new_customers.region
),

final as (
    select
        cast(cumulated.month_start as date) as month_start,
        cast(cumulated.segment as {{ dbt.type_string() }}) as segment,
        cast(cumulated.region as {{ dbt.type_string() }}) as region,
        cast(cumulated.new_customers as integer) as new_customers,
        cast(cumulated.customers as integer) as customers,
        cast(market_sizes.addressable_accounts as integer) as addressable_accounts,
        cast(
            {{ safe_divide(
                '1.0 * cumulated.customers', 'market_sizes.addressable_accounts'
            ) }}
            as double
        ) as market_penetration
    from cumulated
    left join market_sizes
        on
            cumulated.segment = market_sizes.segment
            and cumulated.region = market_sizes.region
)

select * from final
