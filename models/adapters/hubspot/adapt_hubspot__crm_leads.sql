{#
    crm_leads from HubSpot's contacts that are leads: with a lifecycle stage or a lead
    status (hubspot_row_condition). The status is the lead status when set, else the
    lifecycle stage (both through the synonyms seed). A lead's converted opportunity is
    its first deal (deal_contact, the lowest deal id: HubSpot numbers records in order),
    the converted account that deal's company; the converted contact is the record itself
    when it is also a contact. Source and disqualification reason are the properties
    vars hubspot_fields.lead_source and lead_disqualified_reason name.
#}
{%- set raw_types = raw_column_types(source('hubspot', 'contact')) -%}

with

contacts as (
    select * from {{ source('hubspot', 'contact') }}
    where {{ adapter_row_scope('hubspot', 'contact as lead') }} = 'crm_leads'
),

leads as (
    select
        id as lead_id,
        property_email as email,
        {{ optional_raw_column('property_company', raw_types) }} as company_name,
        {{ adapter_field('hubspot', 'lead_source', raw_types) }} as lead_source,
        {{ optional_raw_column('property_hubspot_owner_id', raw_types) }}
            as owner_user_id,
        {{ optional_raw_column('property_hubspotscore', raw_types) }} as lead_score,
        coalesce(
            {{ clean_text(optional_raw_column('property_hs_lead_status', raw_types)) }},
            {{ clean_text(optional_raw_column('property_lifecyclestage', raw_types)) }}
        ) as status,
        {{ adapter_field('hubspot', 'lead_disqualified_reason', raw_types) }}
            as disqualified_reason,
        case when {{ hubspot_row_condition('is_contact') }} then id end
            as converted_contact_id,
        property_createdate as created_at,
        {{ optional_raw_column('property_lastmodifieddate', raw_types) }} as updated_at,
        _fivetran_deleted as is_deleted,
        _fivetran_synced as _loaded_at
    from contacts
),

first_deals as (
    {{ hubspot_first_link('deal_contact', 'contact_id', 'deal_id') }}
),

deal_companies as (
    {{ hubspot_first_link('deal_company', 'deal_id', 'company_id') }}
),

adapted as (
    select
        leads.lead_id,
        leads.email,
        leads.company_name,
        leads.lead_source,
        leads.owner_user_id,
        leads.lead_score,
        leads.status,
        leads.disqualified_reason,
        deal_companies.company_id as converted_account_id,
        leads.converted_contact_id,
        first_deals.deal_id as converted_opportunity_id,
        leads.created_at,
        leads.updated_at,
        leads.is_deleted,
        leads._loaded_at
    from leads
    left join first_deals on {{ clean_text('leads.lead_id') }} = first_deals.contact_id
    left join deal_companies on first_deals.deal_id = deal_companies.deal_id
)

select * from adapted
