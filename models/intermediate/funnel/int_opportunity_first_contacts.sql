{#
    First contact per opportunity (SPEC §3, sales cycle): the earliest of
      - the creation of the lead that converted into the opportunity,
      - the first activity linked to the opportunity's account or to that lead, dated at
        most var('first_contact_lookback_days') calendar days before the opportunity's
        creation date and timed no later than its creation,
      - the opportunity's creation.
#}
with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

converted_leads as (
    select
        converted_opportunity_id as opportunity_id,
        min(lead_id) as converted_lead_id,
        min(created_at) as lead_created_at
    from leads
    where converted_opportunity_id is not null
    group by 1
),

-- The earliest time an activity may have to count: the start of the day
-- var('first_contact_lookback_days') days before the creation date. Comparing the
-- activity's timestamp to it is the same as comparing its date to the day, and the join
-- applies it while it probes.
opportunity_keys as (
    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.created_at,
        cast({{ dbt.dateadd(
            'day',
            -(var('first_contact_lookback_days') | int),
            'cast(opportunities.created_at as date)'
        ) }} as {{ dbt.type_timestamp() }}) as lookback_start_at,
        converted_leads.converted_lead_id,
        converted_leads.lead_created_at
    from opportunities
    left join converted_leads
        on opportunities.opportunity_id = converted_leads.opportunity_id
),

{#- Two equi-joins instead of one join on "account or lead": an OR join cannot hash.
    Each reads the model itself: DuckDB materializes a CTE read twice whole. #}

linked_activities as (
    select
        opportunity_keys.opportunity_id,
        account_activities.occurred_at
    from opportunity_keys
    inner join {{ ref('int_activities_unioned') }} as account_activities
        on
            opportunity_keys.account_id = account_activities.account_id
            and account_activities.occurred_at <= opportunity_keys.created_at
            and account_activities.occurred_at >= opportunity_keys.lookback_start_at
    union all
    select
        opportunity_keys.opportunity_id,
        lead_activities.occurred_at
    from opportunity_keys
    inner join {{ ref('int_activities_unioned') }} as lead_activities
        on
            opportunity_keys.converted_lead_id = lead_activities.lead_id
            and lead_activities.occurred_at <= opportunity_keys.created_at
            and lead_activities.occurred_at >= opportunity_keys.lookback_start_at
),

activities_before_creation as (
    select
        opportunity_id,
        min(occurred_at) as first_activity_at
    from linked_activities
    group by 1
),

first_contacts as (
    select
        opportunity_keys.opportunity_id,
        opportunity_keys.converted_lead_id,
        opportunity_keys.lead_created_at,
        activities_before_creation.first_activity_at,
        opportunity_keys.created_at as opportunity_created_at,
        case
            when
                opportunity_keys.lead_created_at <= opportunity_keys.created_at
                and (
                    activities_before_creation.first_activity_at is null
                    or opportunity_keys.lead_created_at
                    <= activities_before_creation.first_activity_at
                )
                then opportunity_keys.lead_created_at
            when activities_before_creation.first_activity_at is not null
                then activities_before_creation.first_activity_at
            else opportunity_keys.created_at
        end as first_contact_at
    from opportunity_keys
    left join activities_before_creation
        on opportunity_keys.opportunity_id = activities_before_creation.opportunity_id
)

select * from first_contacts
