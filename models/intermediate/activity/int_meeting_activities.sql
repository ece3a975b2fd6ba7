{#
    The meetings of the activity stream (SPEC §3, §5), one row per staged meeting, in
    the columns of int_activities_unioned.
      - Meetings carry their CRM ids. A missing account comes from the meeting's
        contact, else its opportunity. An id that names no staged record becomes
        'unknown' (SPEC §2 rule 5); a missing id stays null (not linked).
      - Duration: the scheduled length of completed meetings only, so that summing it
        gives the time spent in meetings (SPEC §3).
#}

with

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

meetings_with_claimed_ids as (
    select
        meetings.meeting_id,
        meetings.owner_rep_id,
        meetings.scheduled_start_at,
        meetings.scheduled_end_at,
        meetings.status,
        meetings.contact_id,
        meetings.lead_id,
        meetings.opportunity_id,
        coalesce(
            meetings.account_id, contacts.account_id, opportunities.account_id
        ) as account_id,
        contacts.contact_id as known_contact_id,
        opportunities.opportunity_id as known_opportunity_id,
        meetings._loaded_at
    from meetings
    left join contacts
        on meetings.contact_id = contacts.contact_id
    left join opportunities
        on meetings.opportunity_id = opportunities.opportunity_id
),

meeting_activities as (
    select
        {{ dbt.concat(["'meeting:'", 'meetings_with_claimed_ids.meeting_id']) }}
            as activity_id,
        'meeting' as activity_type,
        meetings_with_claimed_ids.meeting_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as direction,
        meetings_with_claimed_ids.owner_rep_id as rep_id,
        meetings_with_claimed_ids.scheduled_start_at as occurred_at,
        cast(null as {{ dbt.type_string() }}) as counterpart,
        case
            when meetings_with_claimed_ids.contact_id is null then null
            when meetings_with_claimed_ids.known_contact_id is null then 'unknown'
            else meetings_with_claimed_ids.contact_id
        end as contact_id,
        case
            when meetings_with_claimed_ids.lead_id is null then null
            when leads.lead_id is null then 'unknown'
            else meetings_with_claimed_ids.lead_id
        end as lead_id,
        case
            when meetings_with_claimed_ids.account_id is null then null
            when accounts.account_id is null then 'unknown'
            else meetings_with_claimed_ids.account_id
        end as account_id,
        case
            when meetings_with_claimed_ids.opportunity_id is null then null
            when meetings_with_claimed_ids.known_opportunity_id is null then 'unknown'
            else meetings_with_claimed_ids.opportunity_id
        end as opportunity_id,
        case
            when
                meetings_with_claimed_ids.contact_id is not null
                or meetings_with_claimed_ids.lead_id is not null
                or meetings_with_claimed_ids.account_id is not null
                or meetings_with_claimed_ids.opportunity_id is not null
                then 'crm_ids'
        end as linked_via,
        meetings_with_claimed_ids.status as outcome,
        case
            when meetings_with_claimed_ids.status = 'completed'
                then {{ dbt.datediff(
                    'meetings_with_claimed_ids.scheduled_start_at',
                    'meetings_with_claimed_ids.scheduled_end_at',
                    'second'
                ) }}
        end as duration_seconds,
        false as is_answered,
        false as is_connected,
        meetings_with_claimed_ids._loaded_at
    from meetings_with_claimed_ids
    left join leads
        on meetings_with_claimed_ids.lead_id = leads.lead_id
    left join accounts
        on meetings_with_claimed_ids.account_id = accounts.account_id
)

select * from meeting_activities
