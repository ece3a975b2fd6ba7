{#
    One row per live opportunity (SPEC §5), as int_opportunities_enriched builds it, plus
    whether it is stuck: open and in its current stage for longer than
    var('stuck_opportunity_days').
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

final as (
    select
        *,
        coalesce(
            not is_closed
            and days_in_current_stage > {{ var('stuck_opportunity_days') | int }},
            false
        ) as is_stuck
    from opportunities
)

select * from final
