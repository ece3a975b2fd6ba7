with

base as (
    select * from {{ ref('base_nps__responses') }}
),

staged as (
    select
        -- ids
        nps_response_id,
        account_id,
        contact_id,
        -- numerics
        score,
        -- timestamps
        responded_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
