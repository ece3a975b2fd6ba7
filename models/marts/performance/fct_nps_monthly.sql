{#
    Net promoter score per month of response (UTC date) and account segment (SPEC §3,
    §5), responses up to the as-of date: promoters score 9-10, passives 7-8, detractors
    0-6; nps = (promoters - detractors) / responses x 100, from -100 to 100. A month and
    segment without responses has no row (a coarser NPS: sum the counts, then apply the
    formula). Responses of an orphan or missing account count under segment `unknown`.
#}
with

responses as (
    select * from {{ ref('stg_nps__responses') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

classified as (
    select
        cast({{ dbt.date_trunc('month', 'responses.responded_at') }} as date)
            as month_start,
        coalesce(accounts.segment, 'unknown') as segment,
        {{ nps_score_flags('responses.score') }}
    from responses
    cross join as_of
    left join accounts
        on responses.account_id = accounts.account_id
    where cast(responses.responded_at as date) <= as_of.as_of_date
),

aggregated as (
    select
        month_start,
        segment,
        count(*) as responses,
        sum(is_promoter) as promoters,
        sum(is_passive) as passives,
        sum(is_detractor) as detractors
    from classified
    group by 1, 2
),

final as (
    select
        cast(month_start as date) as month_start,
        cast(segment as {{ dbt.type_string() }}) as segment,
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
