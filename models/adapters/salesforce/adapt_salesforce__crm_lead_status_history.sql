{# crm_lead_status_history from the Status rows of Salesforce's lead field history. #}
with

status_changes as (
    select * from {{ source('salesforce', 'lead_history') }}
    where
        {{ adapter_row_scope('salesforce', 'lead_history') }}
        = 'crm_lead_status_history'
),

adapted as (
    select
        id as history_id,
        lead_id,
        new_value as status,
        created_date as changed_at,
        _fivetran_synced as _loaded_at
    from status_changes
)

select * from adapted
