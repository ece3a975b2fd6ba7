with

base as (
    select * from {{ ref('base_crm__accounts') }}
),

staged as (
    select
        -- ids
        account_id,
        owner_rep_id,
        -- strings
        account_name,
        industry,
        segment,
        country,
        region,
        -- numerics
        employee_count,
        -- timestamps
        created_at,
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
