{#
    Lead and deal tracking (SPEC §3): one row per open lead and per open opportunity as
    of the as-of date (created on or before it; a lead is open while its status is not
    terminal in the seed lead_statuses, a deal while it is not closed; current CRM
    state).
      - Last contact: a lead's latest linked activity (fct_leads.last_contact_at); an
        opportunity's latest activity (fct_activities, any type and direction, up to
        the as-of date) linked to the opportunity or to its account.
      - Days since last touch = as-of date - date of the last contact; null if never.
      - Stale: no touch for more than var('stale_after_days') (default 30) days, or
        never touched and created more than that many days before the as-of date.
      - Lead score and web visits of an opportunity are those of the lead it was
        converted from; a lead has no deal size, next step or expected close date.
#}
{%- set stale_after_days = var('stale_after_days', 30) | int -%}

with

leads as (
    select * from {{ ref('fct_leads') }}
),

lead_statuses as (
    select * from {{ ref('lead_statuses') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

activities as (
    select * from {{ ref('fct_activities') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

past_activities as (
    select
        activities.opportunity_id,
        activities.account_id,
        activities.occurred_at
    from activities
    cross join as_of
    where cast(activities.occurred_at as date) <= as_of.as_of_date
),

last_activity_by_opportunity as (
    select
        opportunity_id,
        max(occurred_at) as last_contact_at
    from past_activities
    where opportunity_id is not null
    group by 1
),

last_activity_by_account as (
    select
        account_id,
        max(occurred_at) as last_contact_at
    from past_activities
    where account_id is not null and account_id != 'unknown'
    group by 1
),

open_leads as (
    select
        'lead' as record_type,
        leads.lead_id as record_id,
        leads.owner_rep_id,
        leads.team_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        leads.status,
        leads.created_at,
        leads.last_contact_at,
        cast(null as {{ dbt.type_string() }}) as next_step,
        cast(null as date) as next_step_date,
        cast(null as {{ money_type() }}) as deal_size,
        cast(null as date) as expected_close_date,
        cast(null as integer) as probability,
        leads.lead_score,
        leads.web_sessions as web_visits
    from leads
    cross join as_of
    left join lead_statuses
        on leads.status = lead_statuses.status
    where
        not coalesce(lead_statuses.is_terminal, false)
        and cast(leads.created_at as date) <= as_of.as_of_date
),

open_opportunities as (
    select
        'opportunity' as record_type,
        opportunities.opportunity_id as record_id,
        opportunities.owner_rep_id,
        opportunities.team_id,
        opportunities.account_id,
        opportunities.stage_name as status,
        opportunities.created_at,
        case
            when by_account.last_contact_at is null
                then by_opportunity.last_contact_at
            when by_opportunity.last_contact_at is null
                then by_account.last_contact_at
            when by_opportunity.last_contact_at > by_account.last_contact_at
                then by_opportunity.last_contact_at
            else by_account.last_contact_at
        end as last_contact_at,
        opportunities.next_step,
        opportunities.next_step_date,
        opportunities.amount as deal_size,
        opportunities.close_date as expected_close_date,
        opportunities.probability,
        converted_leads.lead_score,
        converted_leads.web_sessions as web_visits
    from opportunities
    cross join as_of
    left join last_activity_by_opportunity as by_opportunity
        on opportunities.opportunity_id = by_opportunity.opportunity_id
    left join last_activity_by_account as by_account
        on opportunities.account_id = by_account.account_id
    left join leads as converted_leads
        on opportunities.converted_lead_id = converted_leads.lead_id
    where
        not opportunities.is_closed
        and cast(opportunities.created_at as date) <= as_of.as_of_date
),

unioned as (
    select * from open_leads
    union all
    select * from open_opportunities
),

measured as (
    select
        unioned.*,
        cast(unioned.last_contact_at as date) as last_contact_date,
        {{ dbt.datediff(
            'cast(unioned.last_contact_at as date)', 'as_of.as_of_date', 'day'
        ) }} as days_since_last_touch,
        {{ dbt.datediff(
            'cast(unioned.created_at as date)', 'as_of.as_of_date', 'day'
        ) }} as days_open
    from unioned
    cross join as_of
),

final as (
    select
        cast(record_type as {{ dbt.type_string() }}) as record_type,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(days_open as integer) as days_open,
        cast(last_contact_at as {{ dbt.type_timestamp() }}) as last_contact_at,
        cast(last_contact_date as date) as last_contact_date,
        cast(days_since_last_touch as integer) as days_since_last_touch,
        cast(next_step as {{ dbt.type_string() }}) as next_step,
        cast(next_step_date as date) as next_step_date,
        cast(deal_size as {{ money_type() }}) as deal_size,
        cast(expected_close_date as date) as expected_close_date,
        cast(probability as integer) as probability,
        cast(lead_score as integer) as lead_score,
        cast(web_visits as integer) as web_visits,
        coalesce(
            case
                when last_contact_at is not null
                    then days_since_last_touch > {{ stale_after_days }}
                else days_open > {{ stale_after_days }}
            end,
            false
        ) as is_stale
    from measured
)

select * from final
