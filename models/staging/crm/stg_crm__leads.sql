with

base as (
    select * from {{ ref('base_crm__leads') }}
),

staged as (
    select
        -- ids
        lead_id,
        owner_rep_id,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,
        -- strings
        email,
        company_name,
        lead_source,
        status,
        disqualified_reason,
        -- numerics
        lead_score,
        -- timestamps
        created_at,
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
