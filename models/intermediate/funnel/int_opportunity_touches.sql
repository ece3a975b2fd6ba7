{#
    Follow-ups per opportunity (SPEC §3): touches linked to the opportunity between its
    creation and its close date (inclusive; an open deal up to the as-of date). A touch
    is something the rep did towards the buyer: an outbound call, email or SMS, or a
    completed meeting.
#}
with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

activities as (
    select * from {{ ref('int_activities_unioned') }}
),

touches as (
    select
        opportunity_id,
        occurred_at
    from activities
    where
        opportunity_id is not null
        and {{ is_sales_touch() }}
),

touches_in_window as (
    select
        opportunities.opportunity_id,
        count(touches.occurred_at) as touches
    from opportunities
    left join touches
        on
            opportunities.opportunity_id = touches.opportunity_id
            and opportunities.created_at <= touches.occurred_at
            and cast(touches.occurred_at as date) <= case
                when opportunities.is_closed then opportunities.close_date
                else {{ as_of_date() }}
            end
    group by 1
)

select * from touches_in_window
