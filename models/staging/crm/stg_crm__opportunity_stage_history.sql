with

base as (
    select * from {{ ref('base_crm__opportunity_stage_history') }}
),

staged as (
    select
        -- ids
        stage_change_id,
        opportunity_id,
        changed_by_rep_id,
        owner_rep_id,
        -- strings
        stage_name,
        forecast_category,
        currency,
        -- numerics
        amount_local,
        probability,
        -- dates
        close_date,
        -- timestamps
        changed_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
