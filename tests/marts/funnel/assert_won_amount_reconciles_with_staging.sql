-- No fan-out and nothing lost: the won deals and their local amounts in fct_opportunities
-- equal those of the staged opportunities.
with

staged as (
    select
        count(*) as won_deals,
        sum(amount_local) as won_amount_local
    from {{ ref('stg_crm__opportunities') }}
    where is_won
),

mart as (
    select
        count(*) as won_deals,
        sum(amount_local) as won_amount_local
    from {{ ref('fct_opportunities') }}
    where is_won
)

select
    staged.won_deals as staged_won_deals,
    mart.won_deals as mart_won_deals,
    staged.won_amount_local as staged_won_amount_local,
    mart.won_amount_local as mart_won_amount_local
from staged
cross join mart
where
    staged.won_deals != mart.won_deals
    or staged.won_amount_local != mart.won_amount_local
