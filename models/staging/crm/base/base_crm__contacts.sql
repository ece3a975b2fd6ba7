{%- set quarantine_rules = [
    {'column': 'contact_id', 'rule': 'null_key'},
    {'column': 'created_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['created_at', 'updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_contacts')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_contacts') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('account_id') }} as account_id,
        -- strings
        {{ normalize_email('email') }} as email,
        {{ normalize_phone('phone') }} as phone,
        {{ clean_text('title') }} as title,
        lower({{ clean_text('lead_source') }}) as lead_source,
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
        {{ row_status('contact_id', 'updated_at', 'is_deleted') }} as _row_status
    from renamed
)

select * from classified
