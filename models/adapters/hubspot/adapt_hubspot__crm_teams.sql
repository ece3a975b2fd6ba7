{# crm_teams from HubSpot's teams. A team has no region (`unknown` in the marts). #}
with

teams as (
    select * from {{ source('hubspot', 'team') }}
    where {{ adapter_row_scope('hubspot', 'team') }} = 'crm_teams'
),

adapted as (
    select
        id as team_id,
        name as team_name,
        cast(null as {{ dbt.type_string() }}) as region,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at,
        _fivetran_synced as _loaded_at
    from teams
)

select * from adapted
