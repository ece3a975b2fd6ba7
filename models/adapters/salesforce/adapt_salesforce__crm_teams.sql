{#
    crm_teams from Salesforce's roles. A role has no region of its own (and no custom
    fields): the team's region is the most common division (var
    salesforce_fields.user_region) of its users, ties by the lowest value.
#}
{%- set user_types = raw_column_types(source('salesforce', 'user')) -%}
{%- set role_types = raw_column_types(source('salesforce', 'user_role')) -%}

with

roles as (
    select * from {{ source('salesforce', 'user_role') }}
    where {{ adapter_row_scope('salesforce', 'user_role') }} = 'crm_teams'
),

users as (
    select * from {{ source('salesforce', 'user') }}
    where {{ adapter_row_scope('salesforce', 'user') }} = 'crm_users'
),

user_regions as (
    select
        {{ clean_text('user_role_id') }} as role_id,
        {{ adapter_field('salesforce', 'user_region', user_types) }} as region
    from users
),

role_regions_counted as (
    select
        role_id,
        region,
        count(*) as users
    from user_regions
    where region is not null
    group by 1, 2
),

role_regions_ranked as (
    select
        role_id,
        region,
        row_number() over (
            partition by role_id order by users desc, region asc
        ) as region_rank
    from role_regions_counted
),

adapted as (
    select
        roles.id as team_id,
        roles.name as team_name,
        role_regions_ranked.region,
        {{ optional_raw_column('last_modified_date', role_types) }} as updated_at,
        roles._fivetran_synced as _loaded_at
    from roles
    left join role_regions_ranked
        on
            {{ clean_text('roles.id') }} = role_regions_ranked.role_id
            and role_regions_ranked.region_rank = 1
)

select * from adapted
