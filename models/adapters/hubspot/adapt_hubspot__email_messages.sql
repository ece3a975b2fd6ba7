{#
    email_messages from HubSpot's email engagements: EMAIL (and FORWARDED_EMAIL) sent by
    a rep, INCOMING_EMAIL received (through the synonyms seed), with their addresses and
    the records they are linked to (the contract's link columns, SPEC §7). The sequence
    is the property var hubspot_fields.email_sequence_id names.
#}
{%- set raw_types = raw_column_types(source('hubspot', 'engagement_email')) -%}

with

engagement_links as (
    {{ hubspot_engagement_links() }}
),

emails as (
    {{ hubspot_engagements('engagement_email', 'email_messages') }}
),

adapted as (
    select
        engagement_id as message_id,
        {{ optional_raw_column('property_hs_email_thread_id', raw_types) }}
            as thread_id,
        property_hubspot_owner_id as user_id,
        property_hs_email_direction as direction,
        {{ optional_raw_column('property_hs_email_from_email', raw_types) }}
            as from_address,
        {{ optional_raw_column('property_hs_email_to_email', raw_types) }}
            as to_address,
        {{ adapter_field('hubspot', 'email_sequence_id', raw_types) }} as sequence_id,
        {{ optional_raw_column('property_hs_email_subject', raw_types) }} as subject,
        property_hs_timestamp as sent_at,
        linked_contact_id as contact_id,
        linked_lead_id as lead_id,
        linked_account_id as account_id,
        linked_opportunity_id as opportunity_id,
        _fivetran_synced as _loaded_at
    from emails
)

select * from adapted
