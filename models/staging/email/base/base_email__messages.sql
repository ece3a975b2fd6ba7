{%- set quarantine_rules = [
    {'column': 'message_id', 'rule': 'null_key'},
    {'column': 'sent_at', 'rule': 'null_required'},
    {'column': 'sent_at', 'rule': 'unparseable', 'type': 'timestamp'},
] + impossible_times(['sent_at']) -%}
{%- set raw_types = raw_column_types(raw_source('email', 'email_messages')) -%}

with

source as (
    select * from {{ raw_source('email', 'email_messages') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('message_id') }} as message_id,
        {{ clean_text('thread_id') }} as thread_id,
        {{ clean_text('user_id') }} as rep_id,
        {{ clean_text('sequence_id') }} as sequence_id,
        -- strings
        {{ normalize_category('email_messages', 'direction') }} as direction,
        {{ normalize_email('from_address') }} as from_address,
        {{ normalize_email('to_address') }} as to_address,
        {{ clean_text('subject') }} as subject,
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
        {{ row_status('message_id') }} as _row_status
    from renamed
)

select * from classified
