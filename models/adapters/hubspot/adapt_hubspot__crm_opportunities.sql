{#
    crm_opportunities from HubSpot's deals. The stage is the label of the deal's stage
    id, and the deal is closed and won as its stage is (hubspot_deal_stages); the account
    is the deal's company (the lowest id of several). The currency is the deal's own in a
    multi-currency portal, else the portal's (var hubspot_currency); the probability
    HubSpot's 0 to 1 in percent. Lead source, competitor and next-step date are the
    properties vars hubspot_fields.* name (null when the portal has none).
#}
{%- set raw_types = raw_column_types(source('hubspot', 'deal')) -%}
{%- set currency_column = optional_raw_column('property_deal_currency_code', raw_types) -%}
{%- set probability_column = optional_raw_column(
    'property_hs_deal_stage_probability', raw_types) -%}

with

deals as (
    select * from {{ source('hubspot', 'deal') }}
    where {{ adapter_row_scope('hubspot', 'deal') }} = 'crm_opportunities'
),

stages as (
    {{ hubspot_deal_stages() }}
),

deal_companies as (
    {{ hubspot_first_link('deal_company', 'deal_id', 'company_id') }}
),

deals_renamed as (
    select
        deal_id as opportunity_id,
        {{ clean_text('deal_pipeline_stage_id') }} as stage_id,
        owner_id as owner_user_id,
        property_dealname as opportunity_name,
        {{ optional_raw_column('property_dealtype', raw_types) }} as opportunity_type,
        {{ adapter_field('hubspot', 'lead_source', raw_types) }} as lead_source,
        property_amount as amount,
        coalesce(
            {{ clean_text(currency_column) }}, '{{ var("hubspot_currency") }}'
        ) as currency,
        round(
            {{ try_cast(clean_text(probability_column), dbt.type_numeric()) }} * 100
        ) as probability,
        {{ optional_raw_column('property_hs_manual_forecast_category', raw_types) }}
            as forecast_category,
        property_createdate as created_at,
        property_closedate as close_date,
        {{ optional_raw_column('property_closed_lost_reason', raw_types) }}
            as loss_reason,
        {{ adapter_field('hubspot', 'opportunity_competitor', raw_types) }}
            as competitor_name,
        {{ optional_raw_column('property_hs_next_step', raw_types) }} as next_step,
        {{ adapter_field('hubspot', 'opportunity_next_step_date', raw_types) }}
            as next_step_date,
        {{ optional_raw_column('property_hs_lastmodifieddate', raw_types) }}
            as updated_at,
        is_deleted,
        _fivetran_synced as _loaded_at
    from deals
),

adapted as (
    select
        deals_renamed.opportunity_id,
        deal_companies.company_id as account_id,
        deals_renamed.owner_user_id,
        deals_renamed.opportunity_name,
        deals_renamed.opportunity_type,
        deals_renamed.lead_source,
        deals_renamed.amount,
        deals_renamed.currency,
        coalesce(stages.label, deals_renamed.stage_id) as stage_name,
        deals_renamed.probability,
        deals_renamed.forecast_category,
        deals_renamed.created_at,
        deals_renamed.close_date,
        coalesce(stages.is_closed, false) as is_closed,
        coalesce(stages.is_won, false) as is_won,
        deals_renamed.loss_reason,
        deals_renamed.competitor_name,
        deals_renamed.next_step,
        deals_renamed.next_step_date,
        deals_renamed.updated_at,
        deals_renamed.is_deleted,
        deals_renamed._loaded_at
    from deals_renamed
    left join stages on deals_renamed.stage_id = stages.stage_id
    left join deal_companies
        on {{ clean_text('deals_renamed.opportunity_id') }} = deal_companies.deal_id
)

select * from adapted
