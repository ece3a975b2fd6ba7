-- Average customer lifetime value in the as-of month equals the mean of
-- dim_accounts.lifetime_bookings over customer accounts (SPEC §3), and the customers
-- counted are dim_accounts' customers.
with

customer_kpis as (
    select * from {{ ref('fct_customer_kpis_monthly') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

as_of_month as (
    select
        customers,
        avg_customer_lifetime_value
    from customer_kpis
    where month_start = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
),

from_accounts as (
    select
        count(*) as customers,
        cast(avg(lifetime_bookings) as {{ money_type() }})
            as avg_customer_lifetime_value
    from accounts
    where is_customer
)

select
    as_of_month.customers,
    from_accounts.customers as dim_accounts_customers,
    as_of_month.avg_customer_lifetime_value,
    from_accounts.avg_customer_lifetime_value as dim_accounts_lifetime_value
from from_accounts
left join as_of_month
    on 1 = 1
where
    as_of_month.customers is null
    or as_of_month.customers != from_accounts.customers
    or abs(
        as_of_month.avg_customer_lifetime_value
        - from_accounts.avg_customer_lifetime_value
    ) > 0.01
