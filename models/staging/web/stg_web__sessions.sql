with

base as (
    select * from {{ ref('base_web__sessions') }}
),

staged as (
    select
        -- ids
        web_session_id,
        anonymous_id,
        lead_id,
        -- strings
        landing_page,
        utm_source,
        utm_medium,
        utm_campaign,
        -- numerics
        pageviews,
        -- timestamps
        started_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
