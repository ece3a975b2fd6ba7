{#
    One row per lead: when it first reached each funnel stage (SPEC §3). A lead reaches a
    stage at its first history row at that stage or any later stage, so skipped stages
    are implied; repeats and the raw row order do not matter. Holding statuses (working,
    nurturing) are the lead stage; `disqualified` implies no stage. Beyond the lead's own
    history, the opportunity it converted into is evidence too: its creation is an
    opportunity-stage row (for a history without the conversion row) and, if won, its
    close date is the won stage (funnel order 6).
#}
with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

status_history as (
    select * from {{ ref('stg_crm__lead_status_history') }}
),

statuses as (
    select * from {{ ref('lead_statuses') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

history_rows as (
    select
        status_history.lead_id,
        status_history.changed_at as reached_at,
        statuses.funnel_order,
        status_history.status = 'disqualified' as is_disqualification
    from status_history
    inner join statuses
        on status_history.status = statuses.status
),

converted_opportunity_rows as (
    select
        leads.lead_id,
        opportunities.created_at as reached_at,
        5 as funnel_order,
        false as is_disqualification
    from leads
    inner join opportunities
        on leads.converted_opportunity_id = opportunities.opportunity_id
),

won_rows as (
    select
        leads.lead_id,
        cast(opportunities.close_date as {{ dbt.type_timestamp() }}) as reached_at,
        6 as funnel_order,
        false as is_disqualification
    from leads
    inner join opportunities
        on leads.converted_opportunity_id = opportunities.opportunity_id
    where opportunities.is_won and opportunities.close_date is not null
),

stage_rows as (
    select * from history_rows
    union all
    select * from converted_opportunity_rows
    union all
    select * from won_rows
),

reached as (
    select
        lead_id,
        min(case when funnel_order >= 2 then reached_at end) as mql_at,
        min(case when funnel_order >= 3 then reached_at end) as sal_at,
        min(case when funnel_order >= 4 then reached_at end) as sql_at,
        min(case when funnel_order >= 5 then reached_at end) as opportunity_at,
        min(case when funnel_order >= 6 then reached_at end) as won_at,
        min(case when is_disqualification then reached_at end) as disqualified_at
    from stage_rows
    group by 1
),

lifecycle as (
    select
        leads.lead_id,
        leads.created_at,
        reached.mql_at,
        reached.sal_at,
        reached.sql_at,
        reached.opportunity_at,
        reached.won_at,
        reached.disqualified_at
    from leads
    left join reached
        on leads.lead_id = reached.lead_id
)

select * from lifecycle
