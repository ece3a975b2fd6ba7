{#
    crm_accounts from Salesforce's accounts. Segment and region are not standard fields:
    they come from the fields vars salesforce_fields.account_segment and account_region
    name (null when the org has none: `unknown` in the marts).
#}
{%- set raw_types = raw_column_types(source('salesforce', 'account')) -%}

with

accounts as (
    select * from {{ source('salesforce', 'account') }}
    where {{ adapter_row_scope('salesforce', 'account') }} = 'crm_accounts'
),

adapted as (
    select
        id as account_id,
        name as account_name,
        industry,
        {{ adapter_field('salesforce', 'account_segment', raw_types) }} as segment,
        billing_country as country,
        {{ adapter_field('salesforce', 'account_region', raw_types) }} as region,
        number_of_employees as employee_count,
        owner_id as owner_user_id,
        created_date as created_at,
        last_modified_date as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from accounts
)

select * from adapted
