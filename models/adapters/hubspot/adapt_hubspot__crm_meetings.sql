{#
    crm_meetings from HubSpot's meeting engagements: the outcome is the status
    (CANCELED through the synonyms seed), the activity type the meeting type; the person,
    account and deal are the records the meeting is linked to.
#}
{%- set raw_types = raw_column_types(source('hubspot', 'engagement_meeting')) -%}

with

engagement_links as (
    {{ hubspot_engagement_links() }}
),

meetings as (
    {{ hubspot_engagements('engagement_meeting', 'crm_meetings') }}
),

adapted as (
    select
        engagement_id as meeting_id,
        property_hubspot_owner_id as owner_user_id,
        linked_contact_id as contact_id,
        linked_lead_id as lead_id,
        linked_account_id as account_id,
        linked_opportunity_id as opportunity_id,
        {{ optional_raw_column('property_hs_activity_type', raw_types) }}
            as meeting_type,
        property_hs_meeting_start_time as scheduled_start,
        property_hs_meeting_end_time as scheduled_end,
        property_hs_meeting_outcome as status,
        property_hs_createdate as created_at,
        {{ optional_raw_column('property_hs_lastmodifieddate', raw_types) }}
            as updated_at,
        _fivetran_synced as _loaded_at
    from meetings
)

select * from adapted
