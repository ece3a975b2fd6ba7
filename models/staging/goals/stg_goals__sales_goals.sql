with

base as (
    select * from {{ ref('base_goals__sales_goals') }}
),

staged as (
    select
        -- ids
        goal_id,
        scope_id,
        -- strings
        scope,
        metric,
        currency,
        -- numerics
        target_value,
        -- dates
        period_start,
        period_end,
        -- timestamps
        updated_at,
        -- load metadata
        _loaded_at
    from base
    where _row_status = 'staged'
)

select * from staged
