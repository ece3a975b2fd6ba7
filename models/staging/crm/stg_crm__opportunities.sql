with

base as (
    select * from {{ ref('base_crm__opportunities') }}
),

staged as (
    select
        -- ids
        opportunity_id,
        account_id,
        owner_rep_id,
        -- strings
        opportunity_name,
        opportunity_type,
        lead_source,
        currency,
        stage_name,
        forecast_category,
        loss_reason,
        competitor_name,
        next_step,
        -- numerics
        amount_local,
        probability,
        -- booleans
        is_closed,
        is_won,
        -- dates
        close_date,
        next_step_date,
        -- timestamps
        created_at,
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
