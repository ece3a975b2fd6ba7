{#
    The team of each rep over time, from the versions of the CRM user record: a version
    is in force from its updated_at until the next version's (the first one from the
    beginning of time). Team goals count each event for the team the rep was in when it
    happened (SPEC §3 goals).
#}
with

user_versions as (
    select * from {{ ref('base_crm__users') }}
    where _row_status in ('staged', 'superseded')
),

ordered as (
    select
        rep_id,
        team_id,
        updated_at,
        row_number() over (
            partition by rep_id order by updated_at, _loaded_at
        ) as version_number,
        lead(updated_at) over (
            partition by rep_id order by updated_at, _loaded_at
        ) as next_updated_at
    from user_versions
),

historized as (
    select
        rep_id,
        coalesce(team_id, 'unknown') as team_id,
        case
            when version_number = 1 then cast('1900-01-01' as date)
            else cast(updated_at as date)
        end as valid_from,
        coalesce(
            cast(next_updated_at as date), cast('9999-12-31' as date)
        ) as valid_to
    from ordered
)

select * from historized
where valid_from < valid_to
