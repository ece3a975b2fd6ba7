{#
    crm_accounts from HubSpot's companies. Segment and region are not standard
    properties: they come from the properties vars hubspot_fields.account_segment and
    account_region name (null when the portal has none: `unknown` in the marts).
#}
{%- set raw_types = raw_column_types(source('hubspot', 'company')) -%}

with

companies as (
    select * from {{ source('hubspot', 'company') }}
    where {{ adapter_row_scope('hubspot', 'company') }} = 'crm_accounts'
),

adapted as (
    select
        id as account_id,
        property_name as account_name,
        property_industry as industry,
        {{ adapter_field('hubspot', 'account_segment', raw_types) }} as segment,
        property_country as country,
        {{ adapter_field('hubspot', 'account_region', raw_types) }} as region,
        {{ optional_raw_column('property_numberofemployees', raw_types) }}
            as employee_count,
        {{ optional_raw_column('property_hubspot_owner_id', raw_types) }}
            as owner_user_id,
        property_createdate as created_at,
        {{ optional_raw_column('property_hs_lastmodifieddate', raw_types) }}
            as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from companies
)

select * from adapted
