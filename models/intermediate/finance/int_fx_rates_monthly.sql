{#
    FX rate to the reporting currency (var reporting_currency) per calendar month and
    currency. The seed holds US dollars per unit; other pairs go through USD. A month after
    the seed's last month carries the last known rate forward (expected close dates lie in
    the future); a month before a currency's first rate has none.
#}
with

seed_rates as (
    select * from {{ ref('fx_rates_monthly') }}
),

months as (
    select distinct
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start
    from {{ ref('int_calendar_days_spined') }}
),

usd_rates as (
    select
        month_start,
        currency,
        cast(usd_per_unit as decimal(18, 8)) as usd_per_unit
    from seed_rates
    union all
    -- the US dollar is 1 US dollar in every month
    select
        months.month_start,
        'USD' as currency,
        cast(1 as decimal(18, 8)) as usd_per_unit
    from months
),

latest_rate_per_month as (
    select
        months.month_start,
        usd_rates.currency,
        usd_rates.usd_per_unit,
        row_number() over (
            partition by months.month_start, usd_rates.currency
            order by usd_rates.month_start desc
        ) as recency
    from months
    inner join usd_rates
        on months.month_start >= usd_rates.month_start
),

monthly_usd_rates as (
    select
        month_start,
        currency,
        usd_per_unit
    from latest_rate_per_month
    where recency = 1
),

to_reporting as (
    select
        currencies.month_start,
        currencies.currency,
        cast(
            currencies.usd_per_unit / reporting.usd_per_unit as decimal(18, 8)
        ) as rate_to_reporting
    from monthly_usd_rates as currencies
    inner join monthly_usd_rates as reporting
        on
            currencies.month_start = reporting.month_start
            and reporting.currency = '{{ var("reporting_currency") }}'
)

select * from to_reporting
