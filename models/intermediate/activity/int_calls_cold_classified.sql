{#
    Cold calls (SPEC §3), one row per outbound call: a cold call is an outbound call to
    a lead or contact with no earlier connected call, completed meeting or email reply
    for that lead or contact.
      - The person is the call's linked contact, else its linked lead. A call to a
        number that matches no contact or lead is not a cold call: it reached no lead
        or contact that we know of (it stays an outbound call).
      - Engagements of a person, whoever the rep: a connected call to them (at its
        start), a completed meeting with them as contact or lead (at its scheduled
        start), and an email reply: a `replied` event on a message to them (at the
        event, never before the message was sent) or an inbound email from them (at
        its sent_at).
      - Earlier means strictly before the call starts: the first connected call to a
        person is itself still cold, every later call is not.
#}
with

activities as (
    select * from {{ ref('int_activities_unioned') }}
),

email_messages_tracked as (
    select * from {{ ref('int_email_messages_tracked') }}
),

activities_with_person as (
    select
        activity_id,
        activity_type,
        source_record_id,
        direction,
        occurred_at,
        outcome,
        is_connected,
        case
            when contact_id is not null then 'contact'
            when lead_id is not null then 'lead'
        end as person_type,
        coalesce(contact_id, lead_id) as person_id
    from activities
    where activity_type in ('call', 'email')
),

email_replies as (
    select
        activities_with_person.person_type,
        activities_with_person.person_id,
        case
            when
                email_messages_tracked.first_replied_at
                < email_messages_tracked.sent_at
                then email_messages_tracked.sent_at
            else email_messages_tracked.first_replied_at
        end as engaged_at
    from activities_with_person
    inner join email_messages_tracked
        on activities_with_person.activity_id = email_messages_tracked.activity_id
    where
        activities_with_person.direction = 'outbound'
        and email_messages_tracked.is_replied
    union all
    select
        person_type,
        person_id,
        occurred_at as engaged_at
    from activities_with_person
    where activity_type = 'email' and direction = 'inbound'
),

-- A meeting may name both a contact and a lead: it engages both.
completed_meetings as (
    select
        'contact' as person_type,
        contact_id as person_id,
        occurred_at as engaged_at
    from activities
    where activity_type = 'meeting' and outcome = 'completed'
    union all
    select
        'lead' as person_type,
        lead_id as person_id,
        occurred_at as engaged_at
    from activities
    where activity_type = 'meeting' and outcome = 'completed'
),

connected_calls as (
    select
        person_type,
        person_id,
        occurred_at as engaged_at
    from activities_with_person
    where activity_type = 'call' and is_connected
),

engagements as (
    select * from connected_calls
    union all
    select * from completed_meetings
    union all
    select * from email_replies
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

outbound_calls as (
    select * from activities_with_person
    where activity_type = 'call' and direction = 'outbound'
),

final as (
    select
        outbound_calls.activity_id,
        outbound_calls.source_record_id as call_id,
        outbound_calls.occurred_at,
        outbound_calls.person_type,
        outbound_calls.person_id,
        first_engagements.first_engaged_at as person_first_engaged_at,
        coalesce(
            outbound_calls.person_id is not null
            and outbound_calls.person_id != 'unknown'
            and (
                first_engagements.first_engaged_at is null
                or first_engagements.first_engaged_at >= outbound_calls.occurred_at
            ),
            false
        ) as is_cold_call
    from outbound_calls
    left join first_engagements
        on
            outbound_calls.person_type = first_engagements.person_type
            and outbound_calls.person_id = first_engagements.person_id
)

select * from final
