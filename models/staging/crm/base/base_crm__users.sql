{%- set quarantine_rules = [
    {'column': 'user_id', 'rule': 'null_key'},
    {'column': 'hired_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'terminated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'terminated_at', 'rule': 'end_before_start', 'start': 'hired_at',
     'type': 'timestamp'},
] + impossible_times(['updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_users')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_users') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('user_id') }} as rep_id,
        {{ clean_text('team_id') }} as team_id,
        {{ clean_text('manager_user_id') }} as manager_rep_id,
        -- strings
        {{ clean_text('full_name') }} as rep_name,
        {{ normalize_email('email') }} as email,
        {{ normalize_category('crm_users', 'role') }} as role,
        {{ clean_text('time_zone') }} as time_zone,
        -- timestamps
        {{ parse_value('hired_at', 'timestamp', raw_types) }} as hired_at,
        {{ parse_value('terminated_at', 'timestamp', raw_types) }} as terminated_at,
        {{ parse_value('updated_at', 'timestamp', raw_types) }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('rep_id', version_column='updated_at') }} as _row_status
    from renamed
)

select * from classified
