{#
    One row per product, list price in the reporting currency, plus the `unknown` member.
#}
with

products as (
    select * from {{ ref('stg_crm__products') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

priced as (
    select
        cast(products.product_id as {{ dbt.type_string() }}) as product_id,
        cast(products.product_name as {{ dbt.type_string() }}) as product_name,
        cast(products.product_family as {{ dbt.type_string() }}) as product_family,
        cast(products.launched_at as date) as launched_at,
        {{ convert_currency(
            'products.list_price_local', 'products.currency', 'fx_rates.rate_to_reporting'
        ) }} as list_price,
        cast(products.list_price_local as {{ money_type() }}) as list_price_local,
        cast(products.currency as {{ dbt.type_string() }}) as currency
    from products
    left join fx_rates
        on
            fx_rates.month_start
            = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
            and products.currency = fx_rates.currency
),

unknown_member as (
    select
        cast('unknown' as {{ dbt.type_string() }}) as product_id,
        cast('Unknown product' as {{ dbt.type_string() }}) as product_name,
        cast('unknown' as {{ dbt.type_string() }}) as product_family,
        cast(null as date) as launched_at,
        cast(null as {{ money_type() }}) as list_price,
        cast(null as {{ money_type() }}) as list_price_local,
        cast(null as {{ dbt.type_string() }}) as currency
),

final as (
    select * from priced
    union all
    select * from unknown_member
)

select * from final
