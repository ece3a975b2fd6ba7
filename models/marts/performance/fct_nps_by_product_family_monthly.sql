{#
    NPS by product family (SPEC §9): per product family and month of response (UTC),
    the responses (up to the as-of date) of the accounts that have won bookings in the
    family: a won deal of the account, closed on or before the as-of date, with a line
    item of a product of the family (int_bookings_allocated_to_line_items; deals
    without line items are `unallocated`, no family). NPS as fct_nps_monthly counts
    it: promoters 9-10, passives 7-8, detractors 0-6, nps = (promoters - detractors) /
    responses x 100. An account with bookings in several families counts in each, so
    families do not add up to the company's NPS. Months without responses: no row.
#}
with

responses as (
    select * from {{ ref('stg_nps__responses') }}
),

allocated as (
    select * from {{ ref('int_bookings_allocated_to_line_items') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

account_families as (
    select distinct
        opportunities.account_id,
        allocated.product_family
    from allocated
    inner join opportunities
        on allocated.opportunity_id = opportunities.opportunity_id
    where
        allocated.product_family != 'unallocated'
        and opportunities.account_id != 'unknown'
),

classified as (
    select
        account_families.product_family,
        cast({{ dbt.date_trunc('month', 'responses.responded_at') }} as date)
            as month_start,
        {{ nps_score_flags('responses.score') }}
    from responses
    cross join as_of
    inner join account_families
        on responses.account_id = account_families.account_id
    where cast(responses.responded_at as date) <= as_of.as_of_date
),

aggregated as (
    select
        product_family,
        month_start,
        count(*) as responses,
        sum(is_promoter) as promoters,
        sum(is_passive) as passives,
        sum(is_detractor) as detractors
    from classified
    group by 1, 2
),

final as (
    select
        cast(product_family as {{ dbt.type_string() }}) as product_family,
        cast(month_start as date) as month_start,
        cast(responses as integer) as responses,
        cast(promoters as integer) as promoters,
        cast(passives as integer) as passives,
        cast(detractors as integer) as detractors,
        cast(
            {{ safe_divide('(promoters - detractors) * 100.0', 'responses') }}
            as double
        ) as nps
    from aggregated
)

select * from final
