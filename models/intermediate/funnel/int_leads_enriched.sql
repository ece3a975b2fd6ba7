{#
    One row per live lead (SPEC §5): source and channel, owner and team, and when it
    reached each funnel stage (int_leads_lifecycle_pivoted). Segment, region and
    new-vs-existing come from the account it converted into (`unknown` / null before
    conversion). fct_leads adds the web sessions and the last contact; the goal models
    read the leads here.
#}
with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

lifecycle as (
    select * from {{ ref('int_leads_lifecycle_pivoted') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

product_families as (
    select * from {{ ref('int_opportunity_product_families') }}
),

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

lead_sources as (
    select * from {{ ref('int_lead_sources_mapped') }}
),

joined as (
    select
        leads.lead_id,
        leads.created_at,
        coalesce(lead_sources.channel, 'other') as channel,
        coalesce(lead_sources.lead_source, 'unknown') as lead_source,
        coalesce(reps.rep_id, 'unknown') as owner_rep_id,
        coalesce(reps.team_id, 'unknown') as team_id,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(accounts.region, 'unknown') as region,
        case
            when accounts.account_id is not null
                then
                    accounts.first_won_date is null
                    or accounts.first_won_date >= cast(leads.created_at as date)
        end as is_new_customer,
        coalesce(product_families.product_family, 'unknown') as product_family,
        leads.lead_score,
        leads.status,
        leads.disqualified_reason,
        lifecycle.mql_at,
        lifecycle.sal_at,
        lifecycle.sql_at,
        lifecycle.opportunity_at,
        lifecycle.won_at,
        lifecycle.disqualified_at,
        leads.converted_opportunity_id,
        leads.converted_account_id
    from leads
    left join lifecycle
        on leads.lead_id = lifecycle.lead_id
    left join opportunities
        on leads.converted_opportunity_id = opportunities.opportunity_id
    left join product_families
        on leads.converted_opportunity_id = product_families.opportunity_id
    left join accounts
        on coalesce(opportunities.account_id, leads.converted_account_id)
            = accounts.account_id
    left join reps
        on leads.owner_rep_id = reps.rep_id
    left join lead_sources
        on leads.lead_source = lead_sources.lead_source
),

final as (
    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(region as {{ dbt.type_string() }}) as region,
        is_new_customer,
        cast(product_family as {{ dbt.type_string() }}) as product_family,
        cast(lead_score as integer) as lead_score,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(disqualified_reason as {{ dbt.type_string() }}) as disqualified_reason,
        cast(mql_at as {{ dbt.type_timestamp() }}) as mql_at,
        cast(sal_at as {{ dbt.type_timestamp() }}) as sal_at,
        cast(sql_at as {{ dbt.type_timestamp() }}) as sql_at,
        cast(opportunity_at as {{ dbt.type_timestamp() }}) as opportunity_at,
        cast(won_at as {{ dbt.type_timestamp() }}) as won_at,
        cast(disqualified_at as {{ dbt.type_timestamp() }}) as disqualified_at,
        cast(converted_opportunity_id as {{ dbt.type_string() }})
            as converted_opportunity_id,
        cast(converted_account_id as {{ dbt.type_string() }}) as converted_account_id
    from joined
)

select * from final
