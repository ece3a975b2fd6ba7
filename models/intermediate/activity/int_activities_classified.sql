{#
    Every activity of int_activities_unioned with what its rep's daily counts need
    (SPEC §3 "Activity"), one row per activity:
      - the rep: the CRM user, `unknown` for an orphan or missing id, as in the marts;
        the day: the UTC date it occurred;
      - whether it is a cold call: an outbound call to a linked lead or contact
        (activity_person_id()) that starts no later than their first engagement
        (int_person_first_engagements), or to one never engaged; the first connected
        call to a person is itself still cold, every later call is not. A call to a
        number that matches no lead or contact is not cold;
      - the email's tracking flags (int_email_messages_tracked: counted on the day the
        message was sent, whenever the event arrived) and the SMS reply flag.
#}

with

activities as (
    select * from {{ ref('int_activities_unioned') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

person_first_engagements as (
    select * from {{ ref('int_person_first_engagements') }}
),

email_messages_tracked as (
    select * from {{ ref('int_email_messages_tracked') }}
),

sms_replies as (
    select * from {{ ref('int_sms_replies_matched') }}
),

activities_with_persons as (
    select
        activities.*,
        {{ activity_person_type('activities') }} as person_type,
        {{ activity_person_id('activities') }} as person_id,
        coalesce(users.rep_id, 'unknown') as known_rep_id,
        cast(activities.occurred_at as date) as occurred_date
    from activities
    left join users
        on activities.rep_id = users.rep_id
),

classified as (
    select
        activities_with_persons.activity_id,
        activities_with_persons.activity_type,
        activities_with_persons.source_record_id,
        activities_with_persons.direction,
        activities_with_persons.known_rep_id as rep_id,
        activities_with_persons.occurred_at,
        activities_with_persons.occurred_date,
        activities_with_persons.outcome,
        activities_with_persons.duration_seconds,
        activities_with_persons.is_answered,
        activities_with_persons.is_connected,
        coalesce(
            activities_with_persons.activity_type = 'call'
            and activities_with_persons.direction = 'outbound'
            and activities_with_persons.person_id is not null
            and activities_with_persons.person_id != 'unknown'
            and (
                person_first_engagements.first_engaged_at is null
                or person_first_engagements.first_engaged_at
                >= activities_with_persons.occurred_at
            ),
            false
        ) as is_cold_call,
        coalesce(email_messages_tracked.is_delivered, false) as is_delivered,
        coalesce(email_messages_tracked.is_opened, false) as is_opened,
        coalesce(email_messages_tracked.is_clicked, false) as is_clicked,
        coalesce(email_messages_tracked.is_replied, false) as is_email_replied,
        coalesce(email_messages_tracked.is_bounced, false) as is_bounced,
        coalesce(sms_replies.is_replied, false) as is_sms_replied
    from activities_with_persons
    left join person_first_engagements
        on
            activities_with_persons.person_type = person_first_engagements.person_type
            and activities_with_persons.person_id = person_first_engagements.person_id
    left join email_messages_tracked
        on activities_with_persons.activity_id = email_messages_tracked.activity_id
    left join sms_replies
        on activities_with_persons.activity_id = sms_replies.activity_id
)

select * from classified
