with

base as (
    select * from {{ ref('base_crm__users') }}
),

staged as (
    select
        -- ids
        rep_id,
        team_id,
        manager_rep_id,
        -- strings
        rep_name,
        email,
        role,
        time_zone,
        -- timestamps
        hired_at,
        terminated_at,
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
