{#
    email_messages from Salesforce's email tasks (subtype Email): emails a rep logged,
    outbound, sent when the task was created. Salesforce keeps no addresses, threads,
    sequences or tracking events on a task: the person and the record come from who_id
    and what_id (the contract's link columns, SPEC §7), and email_events stays empty.
#}
with

tasks as (
    select * from {{ source('salesforce', 'task') }}
    where {{ adapter_row_scope('salesforce', 'task') }} = 'email_messages'
),

record_kinds as (
    {{ salesforce_record_kinds() }}
),

adapted as (
    select
        tasks.id as message_id,
        cast(null as {{ dbt.type_string() }}) as thread_id,
        tasks.owner_id as user_id,
        'outbound' as direction,
        cast(null as {{ dbt.type_string() }}) as from_address,
        cast(null as {{ dbt.type_string() }}) as to_address,
        cast(null as {{ dbt.type_string() }}) as sequence_id,
        tasks.subject,
        tasks.created_date as sent_at,
        {{ salesforce_record_links('tasks') }},
        tasks._fivetran_synced as _loaded_at
    from tasks
    {{ salesforce_record_link_joins('tasks', 'record_kinds') }}
)

select * from adapted
