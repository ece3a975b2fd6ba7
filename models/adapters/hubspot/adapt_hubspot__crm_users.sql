{#
    crm_users from HubSpot's owners. The role is the name of the owner's user's role
    (users joined by email, then role; sdr, ae, manager through the synonyms seed), the
    team the owner's primary team. HubSpot has no manager, time zone (the rep's day is
    then UTC) or leaving time: an owner without an active user left at its last change.
#}
with

owners as (
    select * from {{ source('hubspot', 'owner') }}
    where {{ adapter_row_scope('hubspot', 'owner') }} = 'crm_users'
),

users_ranked as (
    select
        lower({{ clean_text('email') }}) as email,
        {{ clean_text('role_id') }} as role_id,
        row_number() over (
            partition by lower({{ clean_text('email') }})
            order by _fivetran_synced desc, {{ clean_text('id') }} desc
        ) as user_rank
    from {{ source('hubspot', 'users') }}
),

roles_ranked as (
    select
        {{ clean_text('id') }} as role_id,
        name as role_name,
        row_number() over (
            partition by {{ clean_text('id') }} order by _fivetran_synced desc
        ) as role_rank
    from {{ source('hubspot', 'role') }}
),

primary_teams as (
    select
        {{ clean_text('owner_id') }} as owner_id,
        min({{ clean_text('team_id') }}) as team_id
    from {{ source('hubspot', 'owner_team') }}
    where
        coalesce(
            {{ try_cast(clean_text('is_team_primary'), dbt.type_boolean()) }}, false
        )
    group by 1
),

adapted as (
    select
        owners.owner_id as user_id,
        nullif(trim({{ dbt.concat([
            "coalesce(owners.first_name, '')", "' '", "coalesce(owners.last_name, '')"
        ]) }}), '') as full_name,
        owners.email,
        roles_ranked.role_name as role,
        primary_teams.team_id,
        cast(null as {{ dbt.type_string() }}) as manager_user_id,
        cast(null as {{ dbt.type_string() }}) as time_zone,
        owners.created_at as hired_at,
        case
            when {{ clean_text('owners.active_user_id') }} is null
                then owners.updated_at
        end as terminated_at,
        owners.updated_at,
        owners._fivetran_synced as _loaded_at
    from owners
    left join users_ranked
        on
            lower({{ clean_text('owners.email') }}) = users_ranked.email
            and users_ranked.user_rank = 1
    left join roles_ranked
        on users_ranked.role_id = roles_ranked.role_id and roles_ranked.role_rank = 1
    left join primary_teams
        on {{ clean_text('owners.owner_id') }} = primary_teams.owner_id
)

select * from adapted
