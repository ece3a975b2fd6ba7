{#
    One row per activity (SPEC §5): every staged call, email message, SMS and meeting.
    The rep is the CRM user; an orphan or missing rep id becomes 'unknown' (the unknown
    member of dim_reps). Local time is the wall-clock time in the rep's own time zone;
    an unknown rep or a missing or invalid zone falls back to UTC.
#}

with

activities as (
    select * from {{ ref('int_activities_unioned') }}
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

calendar_days as (
    select date_day from {{ ref('int_calendar_days_spined') }}
),

time_zones as (
    select local_time_zone from rep_time_zones
    union
    select 'UTC' as local_time_zone
),

zone_days as (
    select
        time_zones.local_time_zone,
        calendar_days.date_day,
        cast(calendar_days.date_day as {{ dbt.type_timestamp() }}) as day_start_at,
        cast(
            {{ dbt.dateadd('day', 1, 'calendar_days.date_day') }}
            as {{ dbt.type_timestamp() }}
        ) as day_end_at
    from time_zones
    cross join calendar_days
),

-- The zone's UTC offset at the start and at the end of each UTC day: the same on
-- every day without a transition, when local time is UTC plus that offset.
zone_day_offsets as (
    select
        local_time_zone,
        date_day,
        {{ dbt.datediff(
            'day_start_at', to_local_time('day_start_at', 'local_time_zone'), 'second'
        ) }} as offset_at_start_seconds,
        {{ dbt.datediff(
            'day_end_at', to_local_time('day_end_at', 'local_time_zone'), 'second'
        ) }} as offset_at_end_seconds
    from zone_days
),

localised as (
    select
        activities_with_reps.*,
        case
            when
                zone_day_offsets.offset_at_start_seconds
                = zone_day_offsets.offset_at_end_seconds
                then {{ add_seconds(
                    'activities_with_reps.occurred_at',
                    'zone_day_offsets.offset_at_start_seconds'
                ) }}
            else {{ to_local_time(
                'activities_with_reps.occurred_at', 'activities_with_reps.local_time_zone'
            ) }}
        end as occurred_at_local
    from activities_with_reps
    left join zone_day_offsets
        on
            activities_with_reps.local_time_zone = zone_day_offsets.local_time_zone
            and cast(activities_with_reps.occurred_at as date)
            = zone_day_offsets.date_day
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
