with

base as (
    select * from {{ ref('base_email__messages') }}
),

staged as (
    select
        -- ids
        message_id,
        thread_id,
        rep_id,
        sequence_id,
        -- strings
        direction,
        from_address,
        to_address,
        subject,
        -- timestamps
        sent_at,
        -- record links (optional, SPEC §7)
        contact_id,
        lead_id,
        account_id,
        opportunity_id,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
