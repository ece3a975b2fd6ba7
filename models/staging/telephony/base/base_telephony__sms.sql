{%- set quarantine_rules = [
    {'column': 'sms_id', 'rule': 'null_key'},
    {'column': 'sent_at', 'rule': 'null_required'},
    {'column': 'sent_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['sent_at']) -%}
{%- set raw_types = raw_column_types(raw_source('telephony', 'telephony_sms')) -%}

with

source as (
    select * from {{ raw_source('telephony', 'telephony_sms') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('sms_id') }} as sms_id,
        {{ clean_text('user_id') }} as rep_id,
        -- strings
        {{ normalize_category('telephony_sms', 'direction') }} as direction,
        {{ normalize_phone('from_number') }} as from_number,
        {{ normalize_phone('to_number') }} as to_number,
        {{ normalize_category('telephony_sms', 'status') }} as status,
        -- timestamps
        {{ parse_value('sent_at', 'timestamp', raw_types) }} as sent_at,
        -- record links, when the source knows them (optional, SPEC §7)
        {{ clean_text(optional_raw_column('contact_id', raw_types)) }} as contact_id,
        {{ clean_text(optional_raw_column('lead_id', raw_types)) }} as lead_id,
        {{ clean_text(optional_raw_column('account_id', raw_types)) }} as account_id,
        {{ clean_text(optional_raw_column('opportunity_id', raw_types)) }}
            as opportunity_id,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('sms_id') }} as _row_status
    from renamed
)

select * from classified
