{#
    One row per live opportunity (SPEC §5): amounts in the reporting currency, the
    account's segment and region, the owner's team, channel, first contact, sales cycle
    (closed deals: close date minus first-contact date, whole calendar days), touches,
    new vs existing customer, how long the deal has sat in its current stage, and
    whether it had a completed demo (SPEC §9: a meeting of type demo, status completed,
    whose opportunity_id is the deal's; whenever it was scheduled).
    Orphan account and owner ids join the `unknown` members. Published as
    fct_opportunities; the goal and performance models read it here.
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

first_contacts as (
    select * from {{ ref('int_opportunity_first_contacts') }}
),

touches as (
    select * from {{ ref('int_opportunity_touches') }}
),

product_families as (
    select * from {{ ref('int_opportunity_product_families') }}
),

stage_spans as (
    select * from {{ ref('int_opportunity_stage_spans') }}
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

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

completed_demos as (
    select
        opportunity_id,
        count(*) as completed_demos
    from meetings
    where meeting_type = 'demo' and status = 'completed'
    group by 1
),

current_stages as (
    select
        opportunity_id,
        entered_at as current_stage_entered_at,
        days_in_stage as days_in_current_stage
    from stage_spans
    where is_current_stage
),

earlier_wins as (
    {#- Was the account already a customer when this deal was created? #}
    select
        opportunities.opportunity_id,
        count(earlier.opportunity_id) as earlier_won_opportunities
    from opportunities
    left join opportunities as earlier
        on
            opportunities.account_id = earlier.account_id
            and earlier.is_won
            and earlier.close_date < cast(opportunities.created_at as date)
    group by 1
),

joined as (
    select
        opportunities.opportunity_id,
        coalesce(accounts.account_id, 'unknown') as account_id,
        coalesce(reps.rep_id, 'unknown') as owner_rep_id,
        coalesce(reps.team_id, 'unknown') as team_id,
        coalesce(opportunities.opportunity_type, 'unknown') as opportunity_type,
        coalesce(lead_sources.lead_source, 'unknown') as lead_source,
        coalesce(lead_sources.channel, 'other') as channel,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(accounts.region, 'unknown') as region,
        coalesce(product_families.product_family, 'unknown') as product_family,
        opportunities.amount,
        opportunities.amount_local,
        opportunities.currency,
        opportunities.is_fx_rate_missing,
        opportunities.stage_name,
        opportunities.probability,
        opportunities.forecast_category,
        opportunities.created_at,
        first_contacts.first_contact_at,
        first_contacts.converted_lead_id,
        opportunities.close_date,
        coalesce(opportunities.is_closed, false) as is_closed,
        coalesce(opportunities.is_won, false) as is_won,
        opportunities.loss_reason,
        opportunities.competitor_name,
        opportunities.next_step,
        opportunities.next_step_date,
        case
            when opportunities.is_closed
                then {{ dbt.datediff(
                    'cast(first_contacts.first_contact_at as date)',
                    'opportunities.close_date', 'day') }}
        end as sales_cycle_days,
        coalesce(touches.touches, 0) as touches,
        case
            when accounts.account_id is not null
                then earlier_wins.earlier_won_opportunities = 0
        end as is_new_customer,
        current_stages.current_stage_entered_at,
        current_stages.days_in_current_stage,
        completed_demos.opportunity_id is not null as has_completed_demo
    from opportunities
    left join first_contacts
        on opportunities.opportunity_id = first_contacts.opportunity_id
    left join touches
        on opportunities.opportunity_id = touches.opportunity_id
    left join product_families
        on opportunities.opportunity_id = product_families.opportunity_id
    left join current_stages
        on opportunities.opportunity_id = current_stages.opportunity_id
    left join earlier_wins
        on opportunities.opportunity_id = earlier_wins.opportunity_id
    left join accounts
        on opportunities.account_id = accounts.account_id
    left join reps
        on opportunities.owner_rep_id = reps.rep_id
    left join lead_sources
        on opportunities.lead_source = lead_sources.lead_source
    left join completed_demos
        on opportunities.opportunity_id = completed_demos.opportunity_id
),

final as (
    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(opportunity_type as {{ dbt.type_string() }}) as opportunity_type,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(region as {{ dbt.type_string() }}) as region,
        cast(product_family as {{ dbt.type_string() }}) as product_family,
        cast(amount as {{ money_type() }}) as amount,
        cast(amount_local as {{ money_type() }}) as amount_local,
        cast(currency as {{ dbt.type_string() }}) as currency,
        is_fx_rate_missing,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(probability as integer) as probability,
        cast(forecast_category as {{ dbt.type_string() }}) as forecast_category,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(first_contact_at as {{ dbt.type_timestamp() }}) as first_contact_at,
        cast(converted_lead_id as {{ dbt.type_string() }}) as converted_lead_id,
        cast(close_date as date) as close_date,
        is_closed,
        is_won,
        cast(loss_reason as {{ dbt.type_string() }}) as loss_reason,
        cast(competitor_name as {{ dbt.type_string() }}) as competitor_name,
        cast(next_step as {{ dbt.type_string() }}) as next_step,
        cast(next_step_date as date) as next_step_date,
        cast(sales_cycle_days as integer) as sales_cycle_days,
        cast(touches as integer) as touches,
        is_new_customer,
        cast(current_stage_entered_at as {{ dbt.type_timestamp() }})
            as current_stage_entered_at,
        cast(days_in_current_stage as integer) as days_in_current_stage,
        has_completed_demo
    from joined
)

select * from final
