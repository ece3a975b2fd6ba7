{#
    One row per opportunity won on or before the as-of date: the bookings that
    int_bookings_allocated_to_line_items spreads over line items, with the owner, team,
    close date, deal currency and amount in the reporting currency
    (int_opportunities_enriched).
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

won as (
    select
        opportunities.opportunity_id,
        opportunities.owner_rep_id,
        opportunities.team_id,
        opportunities.close_date,
        opportunities.currency,
        opportunities.amount
    from opportunities
    cross join as_of
    where opportunities.is_won and opportunities.close_date <= as_of.as_of_date
)

select * from won
