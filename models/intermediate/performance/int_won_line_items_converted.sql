{#
    One row per line item of a won opportunity (int_won_opportunities_booked), with its
    product and its line total in the reporting currency, converted at the rate of the
    close month as the opportunity's amount is; a line without a currency is in the
    deal's. A product the CRM does not know is `unknown`. The products are read from
    staging: only the id, family and launch date count here, not the list price.
#}
with

won as (
    select * from {{ ref('int_won_opportunities_booked') }}
),

line_items as (
    select * from {{ ref('stg_crm__opportunity_line_items') }}
),

products as (
    select * from {{ ref('stg_crm__products') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

won_lines as (
    select
        won.opportunity_id,
        line_items.line_item_id,
        coalesce(products.product_id, 'unknown') as product_id,
        coalesce(products.product_family, 'unknown') as product_family,
        products.launched_at,
        {{ convert_currency(
            'line_items.total_price_local',
            'coalesce(line_items.currency, won.currency)',
            'fx_rates.rate_to_reporting'
        ) }} as line_amount
    from won
    inner join line_items
        on won.opportunity_id = line_items.opportunity_id
    left join products
        on line_items.product_id = products.product_id
    left join fx_rates
        on
            cast({{ dbt.date_trunc('month', 'won.close_date') }} as date)
            = fx_rates.month_start
            and coalesce(line_items.currency, won.currency) = fx_rates.currency
)

select * from won_lines
