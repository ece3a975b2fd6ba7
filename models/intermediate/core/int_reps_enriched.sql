{#
    One row per sales rep (every CRM user) with the team and region, plus the `unknown`
    member that orphan rep ids join to. Published as dim_reps; the intermediate models
    (goals, quotas, opportunities, leads) read it here, not from the mart.
#}
with

users as (
    select * from {{ ref('stg_crm__users') }}
),

teams as (
    select * from {{ ref('stg_crm__teams') }}
),

reps as (
    select
        cast(users.rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(users.rep_name as {{ dbt.type_string() }}) as rep_name,
        cast(users.role as {{ dbt.type_string() }}) as role,
        cast(coalesce(teams.team_id, 'unknown') as {{ dbt.type_string() }}) as team_id,
        cast(coalesce(teams.team_name, 'Unknown') as {{ dbt.type_string() }})
            as team_name,
        cast(coalesce(teams.region, 'unknown') as {{ dbt.type_string() }}) as region,
        cast(users.manager_rep_id as {{ dbt.type_string() }}) as manager_rep_id,
        -- an unknown zone (`Mars/Olympus`) is UTC, as in fct_activities' local times;
        -- audit_categorical_fallbacks counts it and the build warns naming the rep
        cast(
            coalesce({{ valid_time_zone('users.time_zone') }}, 'UTC')
            as {{ dbt.type_string() }}
        ) as time_zone,
        cast(users.email as {{ dbt.type_string() }}) as email,
        cast(users.hired_at as {{ dbt.type_timestamp() }}) as hired_at,
        cast(users.terminated_at as {{ dbt.type_timestamp() }}) as terminated_at,
        coalesce(
            users.terminated_at is null
            or cast(users.terminated_at as date) > {{ as_of_date() }},
            false
        ) as is_active
    from users
    left join teams
        on users.team_id = teams.team_id
),

unknown_member as (
    select
        cast('unknown' as {{ dbt.type_string() }}) as rep_id,
        cast('Unknown rep' as {{ dbt.type_string() }}) as rep_name,
        cast('other' as {{ dbt.type_string() }}) as role,
        cast('unknown' as {{ dbt.type_string() }}) as team_id,
        cast('Unknown' as {{ dbt.type_string() }}) as team_name,
        cast('unknown' as {{ dbt.type_string() }}) as region,
        cast(null as {{ dbt.type_string() }}) as manager_rep_id,
        cast(null as {{ dbt.type_string() }}) as time_zone,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_timestamp() }}) as hired_at,
        cast(null as {{ dbt.type_timestamp() }}) as terminated_at,
        false as is_active
),

final as (
    select * from reps
    union all
    select * from unknown_member
)

select * from final
