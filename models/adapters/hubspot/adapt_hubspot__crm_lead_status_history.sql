{#
    crm_lead_status_history from the lifecycle stage and lead status changes of
    HubSpot's contact property history. A change is identified by its contact, property,
    time and source (no id of its own).
#}
{%- set raw_types = raw_column_types(source('hubspot', 'contact_property_history')) -%}

with

status_changes as (
    select * from {{ source('hubspot', 'contact_property_history') }}
    where
        {{ adapter_row_scope('hubspot', 'contact_property_history') }}
        = 'crm_lead_status_history'
),

adapted as (
    select
        {{ hubspot_change_id(['contact_id', 'name', 'timestamp', optional_raw_column(
            'source_id', raw_types)]) }} as history_id,
        contact_id as lead_id,
        value as status,
        timestamp as changed_at,
        _fivetran_synced as _loaded_at
    from status_changes
)

select * from adapted
