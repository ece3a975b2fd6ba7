{#
    Follow-ups per deal (SPEC §3): per close month and owner rep, the closed deals, their
    touches and the share of won deals that took 5 or more touches. Touches are
    fct_opportunities.touches (int_opportunity_touches: outbound calls, emails and SMS
    and completed meetings linked to the deal between its creation and its close date).
    Numerator and denominator are stored, so any slice (team, quarter, company)
    re-aggregates; the share is null for a group without won deals.
#}

{%- set many_touches = 5 %}

with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

closed_opportunities as (
    select
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as close_month,
        owner_rep_id,
        team_id,
        is_won,
        touches
    from opportunities
    where is_closed
),

aggregated as (
    select
        close_month,
        owner_rep_id,
        team_id,
        count(*) as closed_deals,
        sum(case when is_won then 1 else 0 end) as won_deals,
        sum(case when is_won then 0 else 1 end) as lost_deals,
        sum(touches) as closed_deal_touches,
        sum(case when is_won then touches else 0 end) as won_deal_touches,
        sum(
            case when is_won and touches >= {{ many_touches }} then 1 else 0 end
        ) as won_deals_5_plus_touches
    from closed_opportunities
    group by 1, 2, 3
),

final as (
    select
        cast(close_month as date) as close_month,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(closed_deals as {{ dbt.type_bigint() }}) as closed_deals,
        cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
        cast(lost_deals as {{ dbt.type_bigint() }}) as lost_deals,
        cast(closed_deal_touches as {{ dbt.type_bigint() }}) as closed_deal_touches,
        cast(won_deal_touches as {{ dbt.type_bigint() }}) as won_deal_touches,
        cast(won_deals_5_plus_touches as {{ dbt.type_bigint() }})
            as won_deals_5_plus_touches,
        cast({{ safe_divide(
            'cast(won_deals_5_plus_touches as double)', 'won_deals'
        ) }} as double) as won_deals_5_plus_touches_share,
        cast(
            {{ safe_divide('cast(won_deal_touches as double)', 'won_deals') }}
            as double
        ) as mean_touches_per_won_deal,
        cast(
            {{ safe_divide('cast(closed_deal_touches as double)', 'closed_deals') }}
            as double
        ) as mean_touches_per_closed_deal
    from aggregated
)

select * from final
