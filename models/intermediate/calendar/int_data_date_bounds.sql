{#
    One row: the first and last date the warehouse must cover (every event, close date
    and goal period) and the latest event date, the default as-of date (SPEC §4).
    Expected close dates and goal periods may lie in the future: they widen the calendar
    but are not events. One bad row never moves these bounds (SPEC §6): event times
    after their load or before var earliest_valid_date are quarantined in staging, and a
    planned date counts only between earliest_valid_date and var planning_horizon_days
    after its row was loaded (a close date typed as 2098 stays on its deal).
#}
{%- set horizon = var('planning_horizon_days') %}
{%- set earliest = "cast('" ~ var('earliest_valid_date') ~ "' as date)" %}
with

event_dates as (
    select cast(created_at as date) as event_date from {{ ref('stg_crm__leads') }}
    union all
    select cast(changed_at as date) from {{ ref('stg_crm__lead_status_history') }}
    union all
    select cast(created_at as date) from {{ ref('stg_crm__opportunities') }}
    union all
    -- a deal's latest edit, and its close once closed (bounded by its load like every
    -- event): a delivery without stage history still reaches its last close
    select cast(updated_at as date) from {{ ref('stg_crm__opportunities') }}
    union all
    select close_date from {{ ref('stg_crm__opportunities') }}
    where
        is_closed
        and close_date <= cast({{ dbt.dateadd(
            'day', var('load_time_tolerance_days'), '_loaded_at') }} as date)
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
    select
        close_date as planned_date,
        _loaded_at
    from {{ ref('stg_crm__opportunities') }}
    union all
    select
        period_start as planned_date,
        _loaded_at
    from {{ ref('stg_goals__sales_goals') }}
    union all
    select
        period_end as planned_date,
        _loaded_at
    from {{ ref('stg_goals__sales_goals') }}
    union all
    select
        cast(scheduled_start_at as date) as planned_date,
        _loaded_at
    from {{ ref('stg_crm__meetings') }}
),

plausible_planned_dates as (
    select planned_date
    from planned_dates
    where
        planned_date >= {{ earliest }}
        and planned_date
        <= cast({{ dbt.dateadd('day', horizon, '_loaded_at') }} as date)
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
    from plausible_planned_dates
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
