{#
    crm_leads from Salesforce's leads. Lead score and disqualification reason are not
    standard fields: the fields vars salesforce_fields.lead_score and
    lead_disqualified_reason name them (null when the org has none).
#}
{%- set raw_types = raw_column_types(source('salesforce', 'lead')) -%}

with

leads as (
    select * from {{ source('salesforce', 'lead') }}
    where {{ adapter_row_scope('salesforce', 'lead') }} = 'crm_leads'
),

adapted as (
    select
        id as lead_id,
        email,
        company as company_name,
        lead_source,
        owner_id as owner_user_id,
        {{ adapter_field('salesforce', 'lead_score', raw_types) }} as lead_score,
        status,
        {{ adapter_field('salesforce', 'lead_disqualified_reason', raw_types) }}
            as disqualified_reason,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,
        created_date as created_at,
        last_modified_date as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from leads
)

select * from adapted
