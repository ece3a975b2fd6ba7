{#
    One row: the first and last date the warehouse must cover (every event, close date
    and goal period) and the latest event date, the default as-of date (SPEC §4).
    Expected close dates and goal periods may lie in the future: they widen the calendar
    but are not events.
#}
with

event_dates as (
    select cast(created_at as date) as event_date from {{ ref('stg_crm__leads') }}
    union all
    select cast(changed_at as date) from {{ ref('stg_crm__lead_status_history') }}
    union all
    select cast(created_at as date) from {{ ref('stg_crm__opportunities') }}
    union all
    select cast(changed_at as date) from {{ ref('stg_crm__opportunity_stage_history') }}
    union all
    select cast(started_at as date) from {{ ref('stg_telephony__calls') }}
    union all
    select cast(sent_at as date) from {{ ref('stg_telephony__sms') }}
    union all
    select cast(sent_at as date) from {{ ref('stg_email__messages') }}
    union all
    select cast(started_at as date) from {{ ref('stg_web__sessions') }}
    union all
    select cast(responded_at as date) from {{ ref('stg_nps__responses') }}
),

planned_dates as (
    select close_date as planned_date from {{ ref('stg_crm__opportunities') }}
    union all
    select period_start from {{ ref('stg_goals__sales_goals') }}
    union all
    select period_end from {{ ref('stg_goals__sales_goals') }}
    union all
    select cast(scheduled_start_at as date) from {{ ref('stg_crm__meetings') }}
),

event_bounds as (
    select
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from event_dates
),

planned_bounds as (
    select
        min(planned_date) as first_planned_date,
        max(planned_date) as last_planned_date
    from planned_dates
),

bounds as (
    select
        case
            when planned_bounds.first_planned_date < event_bounds.first_event_date
                then planned_bounds.first_planned_date
            else event_bounds.first_event_date
        end as first_date,
        case
            when planned_bounds.last_planned_date > event_bounds.last_event_date
                then planned_bounds.last_planned_date
            else event_bounds.last_event_date
        end as last_date,
        event_bounds.last_event_date as as_of_date
    from event_bounds
    cross join planned_bounds
)

select * from bounds
