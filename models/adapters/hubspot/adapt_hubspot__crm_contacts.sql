{#
    crm_contacts from HubSpot's contacts that are contacts: with a company, or no lead
    (hubspot_row_condition). The lead source is the property var hubspot_fields.lead_source
    names.
#}
{%- set raw_types = raw_column_types(source('hubspot', 'contact')) -%}

with

contacts as (
    select * from {{ source('hubspot', 'contact') }}
    where {{ adapter_row_scope('hubspot', 'contact') }} = 'crm_contacts'
),

adapted as (
    select
        id as contact_id,
        {{ optional_raw_column('property_associatedcompanyid', raw_types) }}
            as account_id,
        property_email as email,
        {{ optional_raw_column('property_phone', raw_types) }} as phone,
        {{ optional_raw_column('property_jobtitle', raw_types) }} as title,
        {{ adapter_field('hubspot', 'lead_source', raw_types) }} as lead_source,
        property_createdate as created_at,
        {{ optional_raw_column('property_lastmodifieddate', raw_types) }} as updated_at,
        _fivetran_deleted as is_deleted,
        _fivetran_synced as _loaded_at
    from contacts
)

select * from adapted
