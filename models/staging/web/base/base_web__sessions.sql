{%- set quarantine_rules = [
    {'column': 'session_id', 'rule': 'null_key'},
    {'column': 'started_at', 'rule': 'null_required'},
    {'column': 'started_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'pageviews', 'rule': 'unparseable', 'type': 'int'},
] + impossible_times(['started_at']) -%}
{%- set raw_types = raw_column_types(raw_source('web', 'web_sessions')) -%}

with

source as (
    select * from {{ raw_source('web', 'web_sessions') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('session_id') }} as web_session_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,
        {{ clean_text('lead_id') }} as lead_id,
        -- strings
        {{ clean_text('landing_page') }} as landing_page,
        lower({{ clean_text('utm_source') }}) as utm_source,
        lower({{ clean_text('utm_medium') }}) as utm_medium,
        lower({{ clean_text('utm_campaign') }}) as utm_campaign,
        -- numerics
        {{ parse_value('pageviews', 'int', raw_types) }} as pageviews,
        -- timestamps
        {{ parse_value('started_at', 'timestamp', raw_types) }} as started_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('web_session_id') }} as _row_status
    from renamed
)

select * from classified
