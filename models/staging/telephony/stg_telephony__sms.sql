with

base as (
    select * from {{ ref('base_telephony__sms') }}
),

staged as (
    select
        -- ids
        sms_id,
        rep_id,
        -- strings
        direction,
        from_number,
        to_number,
        status,
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
