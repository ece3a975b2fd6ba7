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
    Incremental (README, "Incremental models"): a run recomputes the outbound calls of
    every person whose first engagement may have moved, from all of that person's
    activities: the person a changed activity (changed_activity_ids()) is linked to
    now, the person a changed outbound call was stored with, every contact and lead
    any version of a changed meeting names, and every contact and lead that has or had
    the address of a changed email (the one it was linked to before is among them).
    Of those calls it writes the changed ones and those whose person's first
    engagement moved.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy=incremental_strategy(),
    unique_key='activity_id'
) }}
{{ changed_activity_dependencies() }}

with

all_activities as (
    select * from {{ ref('int_activities_unioned') }}
),

email_messages_tracked as (
    select * from {{ ref('int_email_messages_tracked') }}
),
{%- if is_incremental() %}

changed_activities as (
    {{ changed_activity_ids(ref('int_activities_unioned')) }}
),

changed_emails as (
    select all_activities.counterpart from all_activities
    where
        all_activities.activity_type = 'email'
        and {{ is_changed_activity('all_activities.activity_id') }}
),

changed_meeting_versions as (
    select
        meeting_versions.contact_id,
        meeting_versions.lead_id
    from {{ ref('base_crm__meetings') }} as meeting_versions
    where
        {{ is_changed_activity(
            dbt.concat(["'meeting:'", 'meeting_versions.meeting_id'])
        ) }}
),

changed_persons as (
    select
        case when contact_id is not null then 'contact' else 'lead' end as person_type,
        coalesce(contact_id, lead_id) as person_id
    from all_activities
    where
        activity_type in ('call', 'email')
        and {{ is_changed_activity() }}
    union all
    select
        stored_calls.person_type,
        stored_calls.person_id
    from {{ this }} as stored_calls
    where {{ is_changed_activity('stored_calls.activity_id') }}
    union all
    select
        'contact' as person_type,
        changed_meeting_versions.contact_id as person_id
    from changed_meeting_versions
    union all
    select
        'lead' as person_type,
        changed_meeting_versions.lead_id as person_id
    from changed_meeting_versions
    union all
    select
        'contact' as person_type,
        contact_versions.contact_id as person_id
    from {{ ref('base_crm__contacts') }} as contact_versions
    where
        contact_versions.email in (
            select changed_emails.counterpart from changed_emails
        )
    union all
    select
        'lead' as person_type,
        lead_versions.lead_id as person_id
    from {{ ref('base_crm__leads') }} as lead_versions
    where
        lead_versions.email in (
            select changed_emails.counterpart from changed_emails
        )
),

changed_contacts as (
    select changed_persons.person_id from changed_persons
    where changed_persons.person_type = 'contact'
),

changed_leads as (
    select changed_persons.person_id from changed_persons
    where changed_persons.person_type = 'lead'
),
{%- endif %}

-- On an incremental run: every activity of a changed person (a meeting of a changed
-- contact or lead alone counts only for that person's first engagement), and the
-- changed activities themselves.
activities as (
    select * from all_activities
    {%- if is_incremental() %}
    where
        {{ is_changed_activity() }}
        or contact_id in (select changed_contacts.person_id from changed_contacts)
        or lead_id in (select changed_leads.person_id from changed_leads)
    {%- endif %}
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
        _loaded_at,
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

classified as (
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
        ) as is_cold_call,
        outbound_calls._loaded_at
    from outbound_calls
    left join first_engagements
        on
            outbound_calls.person_type = first_engagements.person_type
            and outbound_calls.person_id = first_engagements.person_id
),
{%- if is_incremental() %}

-- Only the rows that can differ from the stored ones: the changed calls and the calls
-- of persons whose first engagement moved (a person is re-read in full to find out,
-- but most of their calls stay as they are).
final as (
    select classified.*
    from classified
    left join {{ this }} as stored_calls
        on classified.activity_id = stored_calls.activity_id
    where
        {{ is_changed_activity('classified.activity_id') }}
        or stored_calls.activity_id is null
        or not coalesce(
            classified.person_first_engaged_at = stored_calls.person_first_engaged_at,
            classified.person_first_engaged_at is null
            and stored_calls.person_first_engaged_at is null
        )
)
{%- else %}

final as (
    select * from classified
)
{%- endif %}

select * from final
