{#
    crm_opportunities from Salesforce's opportunities. The currency is the record's own
    in a multi-currency org, else the org's (var salesforce_currency). Loss reason,
    competitor and next-step date are not standard fields: the fields vars
    salesforce_fields.opportunity_* name them (null when the org has none).
#}
{%- set raw_types = raw_column_types(source('salesforce', 'opportunity')) -%}

with

opportunities as (
    select * from {{ source('salesforce', 'opportunity') }}
    where {{ adapter_row_scope('salesforce', 'opportunity') }} = 'crm_opportunities'
),

adapted as (
    select
        id as opportunity_id,
        account_id,
        owner_id as owner_user_id,
        name as opportunity_name,
        type as opportunity_type,
        lead_source,
        amount,
        {{ salesforce_currency(raw_types) }} as currency,
        stage_name,
        probability,
        forecast_category,
        created_date as created_at,
        close_date,
        is_closed,
        is_won,
        {{ adapter_field('salesforce', 'opportunity_loss_reason', raw_types) }}
            as loss_reason,
        {{ adapter_field('salesforce', 'opportunity_competitor', raw_types) }}
            as competitor_name,
        next_step,
        {{ adapter_field('salesforce', 'opportunity_next_step_date', raw_types) }}
            as next_step_date,
        last_modified_date as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from opportunities
)

select * from adapted
