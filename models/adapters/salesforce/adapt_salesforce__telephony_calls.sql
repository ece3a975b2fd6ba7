{#
    telephony_calls from Salesforce's call tasks (subtype Call). A task carries the
    person and the record (who_id, what_id: the contract's link columns, SPEC §7), not
    the phone numbers. The call starts at the task's creation and ends at its
    completion; Salesforce has no answer time: a call whose disposition means a
    conversation (connected, meeting booked, through the synonyms seed) was answered
    when it started.
#}
{%- set raw_types = raw_column_types(source('salesforce', 'task')) -%}

with

tasks as (
    select * from {{ source('salesforce', 'task') }}
    where {{ adapter_row_scope('salesforce', 'task') }} = 'telephony_calls'
),

record_kinds as (
    {{ salesforce_record_kinds() }}
),

calls as (
    select
        tasks.*,
        tasks.call_disposition as disposition
    from tasks
),

adapted as (
    select
        calls.id as call_id,
        calls.owner_id as user_id,
        calls.call_type as direction,
        cast(null as {{ dbt.type_string() }}) as from_number,
        cast(null as {{ dbt.type_string() }}) as to_number,
        calls.created_date as started_at,
        case
            when
                {{ normalize_category('telephony_calls', 'disposition') }}
                in ('connected', 'meeting_booked')
                then calls.created_date
        end as answered_at,
        calls.completed_date_time as ended_at,
        calls.call_duration_in_seconds as duration_seconds,
        calls.disposition,
        {{ salesforce_record_links('calls') }},
        calls._fivetran_synced as _loaded_at
    from calls
    {{ salesforce_record_link_joins('calls', 'record_kinds') }}
)

select * from adapted
