{# crm_contacts from Salesforce's contacts: the same fields under Salesforce's names. #}
with

contacts as (
    select * from {{ source('salesforce', 'contact') }}
    where {{ adapter_row_scope('salesforce', 'contact') }} = 'crm_contacts'
),

adapted as (
    select
        id as contact_id,
        account_id,
        email,
        phone,
        title,
        lead_source,
        created_date as created_at,
        last_modified_date as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from contacts
)

select * from adapted
