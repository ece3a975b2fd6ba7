{%- set quarantine_rules = [
    {'column': 'meeting_id', 'rule': 'null_key'},
    {'column': 'scheduled_start', 'rule': 'null_required'},
    {'column': 'scheduled_start', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'scheduled_end', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'created_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'scheduled_end', 'rule': 'end_before_start', 'start': 'scheduled_start',
     'type': 'timestamp'},
] + impossible_times(['created_at', 'updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('crm', 'crm_meetings')) -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_meetings') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('meeting_id') }} as meeting_id,
        {{ clean_text('owner_user_id') }} as owner_rep_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        -- strings
        {{ normalize_category('crm_meetings', 'meeting_type') }} as meeting_type,
        {{ normalize_category('crm_meetings', 'status') }} as status,
        -- timestamps
        {{ parse_value('scheduled_start', 'timestamp', raw_types) }}
            as scheduled_start_at,
        {{ parse_value('scheduled_end', 'timestamp', raw_types) }} as scheduled_end_at,
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
        {{ row_status('meeting_id', version_column='updated_at') }} as _row_status
    from renamed
)

select * from classified
