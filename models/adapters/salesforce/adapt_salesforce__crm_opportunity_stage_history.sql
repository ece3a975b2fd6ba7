{# crm_opportunity_stage_history from Salesforce's OpportunityHistory rows. #}
{%- set raw_types = raw_column_types(source('salesforce', 'opportunity_history')) -%}

with

stage_history as (
    select * from {{ source('salesforce', 'opportunity_history') }}
    where
        {{ adapter_row_scope('salesforce', 'opportunity_history') }}
        = 'crm_opportunity_stage_history'
),

adapted as (
    select
        id as history_id,
        opportunity_id,
        stage_name,
        amount,
        {{ salesforce_currency(raw_types) }} as currency,
        {{ optional_raw_column('close_date', raw_types) }} as close_date,
        {{ optional_raw_column('forecast_category', raw_types) }} as forecast_category,
        {{ optional_raw_column('probability', raw_types) }} as probability,
        created_date as changed_at,
        created_by_id as changed_by_user_id,
        _fivetran_synced as _loaded_at
    from stage_history
)

select * from adapted
