-- No NPS response lost or counted twice: fct_nps_monthly's responses add up to the
-- staged responses up to the as-of date.
with

nps_monthly as (
    select sum(responses) as responses from {{ ref('fct_nps_monthly') }}
),

staged as (
    select count(*) as responses
    from {{ ref('stg_nps__responses') }}
    where cast(responded_at as date) <= {{ as_of_date() }}
)

select
    nps_monthly.responses as mart_responses,
    staged.responses as staged_responses
from nps_monthly
cross join staged
where coalesce(nps_monthly.responses, 0) != staged.responses
