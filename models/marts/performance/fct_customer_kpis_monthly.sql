{#
    Company customer KPIs per month (SPEC §3), from the first month of the calendar to
    the as-of month:
      - customers: accounts with a won deal closed by the month's end (or the as-of
        date), new_customers those whose first won deal closed in the month
        (dim_accounts.first_won_date; orphan accounts are no customer);
      - average customer lifetime value = won bookings of those customers to date /
        customers to date; in the as-of month it is the mean of
        dim_accounts.lifetime_bookings over customers;
      - cost of sales share = sales cost / bookings of the month; customer acquisition
        cost = (sales + marketing cost) / new customers of the month (seed
        sales_marketing_costs_monthly, converted at the month's FX rate; null when the
        seed has no row for the month, or nothing to divide by).
    For a quarter or year, sum the monthly flows (bookings, costs, new customers) and
    take the stock columns (customers, lifetime bookings) of the last month.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

costs as (
    select * from {{ ref('sales_marketing_costs_monthly') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

months as (
    select distinct
        calendar.month_start,
        {{ scorecard_period_end('calendar.month_start', 1) }} as month_end
    from calendar
    cross join as_of
    where calendar.date_day <= as_of.as_of_date
),

won_by_month as (
    select
        cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            as month_start,
        sum(opportunities.amount) as bookings,
        count(*) as deals_won,
        sum(
            case
                when opportunities.account_id != 'unknown' then opportunities.amount
            end
        ) as customer_bookings
    from opportunities
    cross join as_of
    where opportunities.is_won and opportunities.close_date <= as_of.as_of_date
    group by 1
),

new_customers_by_month as (
    select
        cast({{ dbt.date_trunc('month', 'first_won_date') }} as date) as month_start,
        count(*) as new_customers
    from accounts
    where is_customer and account_id != 'unknown'
    group by 1
),

costs_converted as (
    select
        costs.month_start,
        {{ convert_currency(
            'costs.sales_cost', 'costs.currency', 'fx_rates.rate_to_reporting'
        ) }} as sales_cost,
        {{ convert_currency(
            'costs.marketing_cost', 'costs.currency', 'fx_rates.rate_to_reporting'
        ) }} as marketing_cost
    from costs
    left join fx_rates
        on
            costs.month_start = fx_rates.month_start
            and costs.currency = fx_rates.currency
),

joined as (
    select
        months.month_start,
        months.month_end,
        coalesce(won_by_month.bookings, 0) as bookings,
        coalesce(won_by_month.deals_won, 0) as deals_won,
        coalesce(new_customers_by_month.new_customers, 0) as new_customers,
        sum(coalesce(new_customers_by_month.new_customers, 0)) over (
            order by months.month_start
            rows between unbounded preceding and current row
        ) as customers,
        sum(coalesce(won_by_month.customer_bookings, 0)) over (
            order by months.month_start
            rows between unbounded preceding and current row
        ) as customer_lifetime_bookings,
        costs_converted.sales_cost,
        costs_converted.marketing_cost,
        costs_converted.sales_cost + costs_converted.marketing_cost
            as acquisition_cost
    from months
    left join won_by_month
        on months.month_start = won_by_month.month_start
    left join new_customers_by_month
        on months.month_start = new_customers_by_month.month_start
    left join costs_converted
        on months.month_start = costs_converted.month_start
),

final as (
    select
        cast(joined.month_start as date) as month_start,
        joined.month_end <= as_of.as_of_date as is_month_complete,
        cast(joined.bookings as {{ money_type() }}) as bookings,
        cast(joined.deals_won as integer) as deals_won,
        cast(joined.new_customers as integer) as new_customers,
        cast(joined.customers as integer) as customers,
        cast(joined.customer_lifetime_bookings as {{ money_type() }})
            as customer_lifetime_bookings,
        cast(
            {{ safe_divide('joined.customer_lifetime_bookings', 'joined.customers') }}
            as {{ money_type() }}
        ) as avg_customer_lifetime_value,
        cast(joined.sales_cost as {{ money_type() }}) as sales_cost,
        cast(joined.marketing_cost as {{ money_type() }}) as marketing_cost,
        cast(joined.acquisition_cost as {{ money_type() }}) as acquisition_cost,
        cast({{ safe_divide('joined.sales_cost', 'joined.bookings') }} as double)
            as cost_of_sales_share,
        cast(
            {{ safe_divide('joined.acquisition_cost', 'joined.new_customers') }}
            as {{ money_type() }}
        ) as customer_acquisition_cost
    from joined
    cross join as_of
)

select * from final
