{#
    crm_users from Salesforce's users. The role is the job title (sdr, ae, manager
    through the synonyms seed), the team the user's role. Salesforce has no hire or
    leaving time: the hire time is the field var salesforce_fields.user_hired_at (default
    the user's creation), the leaving time the field user_terminated_at when the org has
    one, else the last change of a deactivated user.
#}
{%- set raw_types = raw_column_types(source('salesforce', 'user')) -%}

with

users as (
    select * from {{ source('salesforce', 'user') }}
    where {{ adapter_row_scope('salesforce', 'user') }} = 'crm_users'
),

adapted as (
    select
        id as user_id,
        name as full_name,
        email,
        title as role,
        user_role_id as team_id,
        manager_id as manager_user_id,
        time_zone_sid_key as time_zone,
        {{ adapter_field('salesforce', 'user_hired_at', raw_types) }} as hired_at,
        {%- if adapter_field_present('salesforce', 'user_terminated_at', raw_types) %}
        {{ adapter_field('salesforce', 'user_terminated_at', raw_types) }}
            as terminated_at,
        {%- else %}
        case
            when not {{ parse_value('is_active', 'bool', raw_types) }}
                then last_modified_date
        end as terminated_at,
        {%- endif %}
        last_modified_date as updated_at,
        _fivetran_synced as _loaded_at
    from users
)

select * from adapted
