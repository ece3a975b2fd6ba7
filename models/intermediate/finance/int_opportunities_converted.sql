{#
    Opportunities with their amount in the reporting currency at the rate of the close
    month (bookings count by close date; an open deal's close date is its expected one).
    A missing rate leaves `amount` null and sets `is_fx_rate_missing`.
#}
with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

converted as (
    select
        opportunities.*,
        {{ convert_currency(
            'opportunities.amount_local', 'opportunities.currency',
            'fx_rates.rate_to_reporting'
        ) }} as amount,
        {{ fx_rate_is_missing(
            'opportunities.amount_local', 'opportunities.currency',
            'fx_rates.rate_to_reporting'
        ) }} as is_fx_rate_missing
    from opportunities
    left join fx_rates
        on
            cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            = fx_rates.month_start
            and opportunities.currency = fx_rates.currency
)

select * from converted
