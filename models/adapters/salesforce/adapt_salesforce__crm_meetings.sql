{#
    crm_meetings from Salesforce's events. The meeting type is the event type (through
    the synonyms seed); the person and the record come from who_id and what_id
    (salesforce_record_links). Events have no status: the field var
    salesforce_fields.event_status names one when the org has it; else an event that
    ended before its row was loaded is `completed`, any other `scheduled`.
#}
{%- set raw_types = raw_column_types(source('salesforce', 'event')) -%}

with

events as (
    select * from {{ source('salesforce', 'event') }}
    where {{ adapter_row_scope('salesforce', 'event') }} = 'crm_meetings'
),

record_kinds as (
    {{ salesforce_record_kinds() }}
),

adapted as (
    select
        events.id as meeting_id,
        events.owner_id as owner_user_id,
        {{ salesforce_record_links('events') }},
        events.type as meeting_type,
        events.start_date_time as scheduled_start,
        events.end_date_time as scheduled_end,
        {%- if adapter_field_present('salesforce', 'event_status', raw_types) %}
        {{ adapter_field('salesforce', 'event_status', raw_types, 'events') }}
            as status,
        {%- else %}
        case
            when
                {{ parse_value('events.end_date_time', 'timestamp', raw_types) }}
                < {{ parse_value('events._fivetran_synced', 'timestamp', raw_types) }}
                then 'completed'
            else 'scheduled'
        end as status,
        {%- endif %}
        events.created_date as created_at,
        events.last_modified_date as updated_at,
        events._fivetran_synced as _loaded_at
    from events
    {{ salesforce_record_link_joins('events', 'record_kinds') }}
)

select * from adapted
