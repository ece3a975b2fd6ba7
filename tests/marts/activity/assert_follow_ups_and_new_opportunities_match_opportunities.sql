{#
    The follow-up and new-opportunity marts count every deal once: per owner rep, the
    closed and won deals and their touches in fct_opportunity_follow_ups_monthly, and
    the opportunities created in fct_rep_new_opportunities_monthly, equal
    fct_opportunities. Returns one row per rep and measure that disagrees.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

follow_ups as (
    select * from {{ ref('fct_opportunity_follow_ups_monthly') }}
),

new_opportunities as (
    select * from {{ ref('fct_rep_new_opportunities_monthly') }}
),

expected as (
    select
        owner_rep_id as rep_id,
        sum(case when is_closed then 1 else 0 end) as closed_deals,
        sum(case when is_closed and is_won then 1 else 0 end) as won_deals,
        sum(case when is_closed then touches else 0 end) as closed_deal_touches,
        count(*) as opportunities_created
    from opportunities
    group by 1
),

follow_up_totals as (
    select
        owner_rep_id as rep_id,
        sum(closed_deals) as closed_deals,
        sum(won_deals) as won_deals,
        sum(closed_deal_touches) as closed_deal_touches
    from follow_ups
    group by 1
),

new_opportunity_totals as (
    select
        rep_id,
        sum(opportunities_created) as opportunities_created
    from new_opportunities
    group by 1
),

compared as (
    {%- for measure in ['closed_deals', 'won_deals', 'closed_deal_touches'] %}
    select
        coalesce(expected.rep_id, follow_up_totals.rep_id) as rep_id,
        '{{ measure }}' as measure,
        coalesce(expected.{{ measure }}, 0) as expected_value,
        coalesce(follow_up_totals.{{ measure }}, 0) as actual_value
    from expected
    full outer join follow_up_totals
        on expected.rep_id = follow_up_totals.rep_id
    union all
    {%- endfor %}
    select
        coalesce(expected.rep_id, new_opportunity_totals.rep_id) as rep_id,
        'opportunities_created' as measure,
        coalesce(expected.opportunities_created, 0) as expected_value,
        coalesce(new_opportunity_totals.opportunities_created, 0) as actual_value
    from expected
    full outer join new_opportunity_totals
        on expected.rep_id = new_opportunity_totals.rep_id
)

select * from compared
where expected_value != actual_value
