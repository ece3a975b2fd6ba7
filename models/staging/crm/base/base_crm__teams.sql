{%- set quarantine_rules = [
    {'column': 'team_id', 'rule': 'null_key'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_teams')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_teams') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('team_id') }} as team_id,
        -- strings
        {{ clean_text('team_name') }} as team_name,
        {{ normalize_category('crm_teams', 'region') }} as region,
        -- timestamps
        {{ parse_value('updated_at', 'timestamp', raw_types) }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('team_id', version_column='updated_at') }} as _row_status
    from renamed
)

select * from classified
