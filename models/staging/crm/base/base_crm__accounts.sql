{%- set quarantine_rules = [
    {'column': 'account_id', 'rule': 'null_key'},
    {'column': 'employee_count', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'created_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['created_at', 'updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_accounts')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_accounts') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('owner_user_id') }} as owner_rep_id,
        -- strings
        {{ clean_text('account_name') }} as account_name,
        lower({{ clean_text('industry') }}) as industry,
        {{ normalize_category('crm_accounts', 'segment') }} as segment,
        upper({{ clean_text('country') }}) as country,
        {{ normalize_category('crm_accounts', 'region') }} as region,
        -- numerics
        {{ parse_value('employee_count', 'int', raw_types) }} as employee_count,
        -- booleans
        {{ parse_value('is_deleted', 'bool', raw_types) }} as is_deleted,
        -- timestamps
        {{ parse_value('created_at', 'timestamp', raw_types) }} as created_at,
        {{ parse_value('updated_at', 'timestamp', raw_types) }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('account_id', 'updated_at', 'is_deleted') }} as _row_status
    from renamed
)

select * from classified
