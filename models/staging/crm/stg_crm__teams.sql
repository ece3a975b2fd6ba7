with

base as (
    select * from {{ ref('base_crm__teams') }}
),

staged as (
    select
        -- ids
        team_id,
        -- strings
        team_name,
        region,
        -- timestamps
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
