with

base as (
    select * from {{ ref('base_crm__lead_status_history') }}
),

staged as (
    select
        -- ids
        lead_status_change_id,
        lead_id,
        -- strings
        status,
        -- timestamps
        changed_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
