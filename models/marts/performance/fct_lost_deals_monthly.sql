{#
    Lost deals (SPEC §3 "lost to competition, and by competitor"): one row per close
    month, owner rep, loss reason and competitor, for the deals lost on or before the
    as-of date, with their count and amount (reporting currency). Lost to competition
    is loss_reason `competitor`; its competitor is `unknown` when not recorded, and a
    loss for another reason has competitor `none` unless one was recorded. Rows add up
    to the deals lost of fct_sales_scorecard for any month and rep, team or company.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

lost_deals as (
    select
        cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            as close_month,
        opportunities.owner_rep_id,
        opportunities.team_id,
        coalesce(opportunities.loss_reason, 'unknown') as loss_reason,
        coalesce(
            opportunities.competitor_name,
            case when opportunities.loss_reason = 'competitor' then 'unknown' end,
            'none'
        ) as competitor_name,
        opportunities.amount
    from opportunities
    cross join as_of
    where
        opportunities.is_closed
        and not opportunities.is_won
        and opportunities.close_date <= as_of.as_of_date
),

aggregated as (
    select
        close_month,
        owner_rep_id,
        team_id,
        loss_reason,
        competitor_name,
        count(*) as deals_lost,
        sum(amount) as lost_amount
    from lost_deals
    group by 1, 2, 3, 4, 5
),

final as (
    select
        cast(close_month as date) as close_month,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(loss_reason as {{ dbt.type_string() }}) as loss_reason,
        cast(competitor_name as {{ dbt.type_string() }}) as competitor_name,
        loss_reason = 'competitor' as is_lost_to_competitor,
        cast(deals_lost as integer) as deals_lost,
        cast(lost_amount as {{ money_type() }}) as lost_amount
    from aggregated
)

select * from final
