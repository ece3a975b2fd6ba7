{%- set quarantine_rules = [
    {'column': 'lead_id', 'rule': 'null_key'},
    {'column': 'created_at', 'rule': 'null_required'},
    {'column': 'created_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'lead_score', 'rule': 'unparseable', 'type': 'int'},
    {'column': 'lead_score', 'rule': 'out_of_range', 'min': 0, 'max': 100},
] + impossible_times(['created_at', 'updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_leads')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_leads') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('owner_user_id') }} as owner_rep_id,
        {{ clean_text('converted_account_id') }} as converted_account_id,
        {{ clean_text('converted_contact_id') }} as converted_contact_id,
        {{ clean_text('converted_opportunity_id') }} as converted_opportunity_id,
        -- strings
        {{ normalize_email('email') }} as email,
        {{ clean_text('company_name') }} as company_name,
        lower({{ clean_text('lead_source') }}) as lead_source,
        {{ normalize_category('crm_leads', 'status') }} as status,
        lower({{ clean_text('disqualified_reason') }}) as disqualified_reason,
        -- numerics
        {{ parse_value('lead_score', 'int', raw_types) }} as lead_score,
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
        {{ row_status('lead_id', 'updated_at', 'is_deleted') }} as _row_status
    from renamed
)

select * from classified
