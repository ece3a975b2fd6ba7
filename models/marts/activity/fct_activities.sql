{#
    One row per activity (SPEC §5): every staged call, email message, SMS and meeting.
    The rep is the CRM user; an orphan or missing rep id becomes 'unknown' (the unknown
    member of dim_reps). Local time is the wall-clock time in the rep's own time zone;
    an unknown rep or a missing or invalid zone falls back to UTC.
    Incremental (README, "Incremental models"): a run recomputes the activities of
    changed_activity_ids() and those of reps whose user record changed.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy=incremental_strategy()
) }}
{{ changed_activity_dependencies(['base_crm__users']) }}

with

all_activities as (
    select * from {{ ref('int_activities_unioned') }}
),
{%- if is_incremental() %}

changed_users as (
    select rep_id from {{ ref('base_crm__users') }}
    where {{ incremental_window('_loaded_at') }}
),

changed_activities as (
    {{ changed_activity_ids(this) }}
    union all
    select all_activities.activity_id from all_activities
    where all_activities.rep_id in (select changed_users.rep_id from changed_users)
),
{%- endif %}

activities as (
    select * from all_activities
    {%- if is_incremental() %}
    where activity_id in (select changed_activities.activity_id from changed_activities)
    {%- endif %}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

rep_time_zones as (
    select
        users.rep_id,
        coalesce({{ valid_time_zone('users.time_zone') }}, 'UTC') as local_time_zone
    from users
),

activities_with_reps as (
    select
        activities.*,
        coalesce(rep_time_zones.rep_id, 'unknown') as known_rep_id,
        coalesce(rep_time_zones.local_time_zone, 'UTC') as local_time_zone
    from activities
    left join rep_time_zones
        on activities.rep_id = rep_time_zones.rep_id
),

localised as (
    select
        *,
        {{ to_local_time('occurred_at', 'local_time_zone') }} as occurred_at_local
    from activities_with_reps
),

final as (
    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(direction as {{ dbt.type_string() }}) as direction,
        cast(known_rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(occurred_at_local as {{ dbt.type_timestamp() }}) as occurred_at_local,
        cast(occurred_at as date) as occurred_date,
        cast(extract(hour from occurred_at_local) as {{ dbt.type_int() }})
            as occurred_hour_local,
        cast({{ day_of_week_iso('occurred_at_local') }} as {{ dbt.type_int() }})
            as occurred_weekday_local,
        cast(local_time_zone as {{ dbt.type_string() }}) as local_time_zone,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(linked_via as {{ dbt.type_string() }}) as linked_via,
        cast(counterpart as {{ dbt.type_string() }}) as counterpart,
        cast(outcome as {{ dbt.type_string() }}) as outcome,
        cast(duration_seconds as {{ dbt.type_int() }}) as duration_seconds,
        cast(is_answered as {{ dbt.type_boolean() }}) as is_answered,
        cast(is_connected as {{ dbt.type_boolean() }}) as is_connected,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from localised
)

select * from final
