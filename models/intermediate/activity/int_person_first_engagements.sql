{#
    The first engagement of every lead and contact (SPEC §3, cold calls), one row per
    person: an outbound call to them is cold when it starts no later than this (or they
    were never engaged); int_rep_activity_contributions classifies the calls.
      - The person of a call or email is its linked contact, else its linked lead
        (activity_person_id()). An id that names no staged record (`unknown`) is no
        person.
      - Engagements of a person, whoever the rep: a connected call to them (at its
        start), a completed meeting with them as contact or lead (at its scheduled
        start; a meeting naming both engages both), and an email reply: a `replied`
        event on a message to them (at the event, never before the message was sent)
        or an inbound email from them (at its sent_at).
#}

with

-- Each branch reads int_activities_unioned itself, filtered in its scan: DuckDB
-- materializes a CTE read more than once whole (every activity).
connected_calls_and_inbound_emails as (
    select
        {{ activity_person_type() }} as person_type,
        {{ activity_person_id() }} as person_id,
        occurred_at as engaged_at
    from {{ ref('int_activities_unioned') }}
    where
        (activity_type = 'call' and is_connected)
        or (activity_type = 'email' and direction = 'inbound')
),

-- A `replied` event on a message to them, never before the message was sent.
email_replies as (
    select
        {{ activity_person_type('outbound_emails') }} as person_type,
        {{ activity_person_id('outbound_emails') }} as person_id,
        case
            when
                email_messages_tracked.first_replied_at
                < email_messages_tracked.sent_at
                then email_messages_tracked.sent_at
            else email_messages_tracked.first_replied_at
        end as engaged_at
    from {{ ref('int_activities_unioned') }} as outbound_emails
    inner join {{ ref('int_email_messages_tracked') }} as email_messages_tracked
        on outbound_emails.activity_id = email_messages_tracked.activity_id
    where
        outbound_emails.activity_type = 'email'
        and outbound_emails.direction = 'outbound'
        and email_messages_tracked.is_replied
),

completed_meetings as (
    select
        'contact' as person_type,
        contact_id as person_id,
        occurred_at as engaged_at
    from {{ ref('int_activities_unioned') }}
    where activity_type = 'meeting' and outcome = 'completed'
    union all
    select
        'lead' as person_type,
        lead_id as person_id,
        occurred_at as engaged_at
    from {{ ref('int_activities_unioned') }}
    where activity_type = 'meeting' and outcome = 'completed'
),

engagements as (
    select * from connected_calls_and_inbound_emails
    union all
    select * from email_replies
    union all
    select * from completed_meetings
),

first_engagements as (
    select
        person_type,
        person_id,
        min(engaged_at) as first_engaged_at
    from engagements
    where person_id is not null and person_id != 'unknown'
    group by 1, 2
),

final as (
    select
        cast(person_type as {{ dbt.type_string() }}) as person_type,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(first_engaged_at as {{ dbt.type_timestamp() }}) as first_engaged_at
    from first_engagements
)

select * from final
