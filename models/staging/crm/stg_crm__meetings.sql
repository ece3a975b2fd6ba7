with

base as (
    select * from {{ ref('base_crm__meetings') }}
),

staged as (
    select
        -- ids
        meeting_id,
        owner_rep_id,
        contact_id,
        lead_id,
        account_id,
        opportunity_id,
        -- strings
        meeting_type,
        status,
        -- timestamps
        scheduled_start_at,
        scheduled_end_at,
        created_at,
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
