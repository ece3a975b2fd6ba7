with

base as (
    select * from {{ ref('base_crm__contacts') }}
),

staged as (
    select
        -- ids
        contact_id,
        account_id,
        -- strings
        email,
        phone,
        title,
        lead_source,
        -- timestamps
        created_at,
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
