{#
    One row per live account with its customer status as of the as-of date: a customer
    has at least one won opportunity closed on or before it; lifetime bookings are the
    won amounts in the reporting currency (SPEC §3, customer lifetime value). Plus the
    `unknown` member for orphan account ids. Published as dim_accounts; the enriched
    opportunities and leads read it here.
#}
with

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

won_by_account as (
    select
        account_id,
        min(close_date) as first_won_date,
        sum(amount) as lifetime_bookings,
        count(*) as won_opportunities
    from opportunities
    where is_won and close_date <= {{ as_of_date() }}
    group by 1
),

described as (
    select
        cast(accounts.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(coalesce(accounts.industry, 'unknown') as {{ dbt.type_string() }})
            as industry,
        cast(coalesce(accounts.segment, 'unknown') as {{ dbt.type_string() }})
            as segment,
        cast(accounts.country as {{ dbt.type_string() }}) as country,
        cast(coalesce(accounts.region, 'unknown') as {{ dbt.type_string() }}) as region,
        cast(coalesce(accounts.owner_rep_id, 'unknown') as {{ dbt.type_string() }})
            as owner_rep_id,
        cast(accounts.employee_count as integer) as employee_count,
        cast(accounts.created_at as {{ dbt.type_timestamp() }}) as created_at,
        won_by_account.account_id is not null as is_customer,
        cast(won_by_account.first_won_date as date) as first_won_date,
        cast(coalesce(won_by_account.lifetime_bookings, 0) as {{ money_type() }})
            as lifetime_bookings,
        cast(coalesce(won_by_account.won_opportunities, 0) as integer)
            as won_opportunities
    from accounts
    left join won_by_account
        on accounts.account_id = won_by_account.account_id
),

unknown_member as (
    select
        cast('unknown' as {{ dbt.type_string() }}) as account_id,
        cast('Unknown account' as {{ dbt.type_string() }}) as account_name,
        cast('unknown' as {{ dbt.type_string() }}) as industry,
        cast('unknown' as {{ dbt.type_string() }}) as segment,
        cast(null as {{ dbt.type_string() }}) as country,
        cast('unknown' as {{ dbt.type_string() }}) as region,
        cast('unknown' as {{ dbt.type_string() }}) as owner_rep_id,
        cast(null as integer) as employee_count,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        false as is_customer,
        cast(null as date) as first_won_date,
        cast(0 as {{ money_type() }}) as lifetime_bookings,
        cast(0 as integer) as won_opportunities
),

final as (
    select * from described
    union all
    select * from unknown_member
)

select * from final
