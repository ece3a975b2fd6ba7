{#
    One activity stream (SPEC §3, §5): one row per staged call, email message, SMS and
    meeting, with its CRM links and outcome, before reps are resolved and local times
    computed (fct_activities).
      - Calls, SMS and emails take their links from
        int_activity_counterparts_identified.
      - Meetings come linked by their own ids (int_meeting_activities).
      - Email outcome: the furthest tracking event of the message (replied > clicked >
        opened > delivered > bounced), else 'sent' (outbound) or 'received' (inbound),
        from the message's flags in int_email_messages_tracked (one aggregation of the
        events per message for every model).
    `_loaded_at` is the load time of the activity's record.
#}
with

calls as (
    select * from {{ ref('stg_telephony__calls') }}
),

sms as (
    select * from {{ ref('stg_telephony__sms') }}
),

email_messages as (
    select * from {{ ref('stg_email__messages') }}
),

email_messages_tracked as (
    select * from {{ ref('int_email_messages_tracked') }}
),

identified as (
    select * from {{ ref('int_activity_counterparts_identified') }}
),

call_activities as (
    select
        {{ dbt.concat(["'call:'", 'call_id']) }} as activity_id,
        'call' as activity_type,
        call_id as source_record_id,
        direction,
        rep_id,
        started_at as occurred_at,
        disposition as outcome,
        duration_seconds,
        answered_at is not null as is_answered,
        coalesce(direction = 'outbound' and answered_at is not null, false)
            as is_connected,
        _loaded_at
    from calls
),

sms_activities as (
    select
        {{ dbt.concat(["'sms:'", 'sms_id']) }} as activity_id,
        'sms' as activity_type,
        sms_id as source_record_id,
        direction,
        rep_id,
        sent_at as occurred_at,
        status as outcome,
        cast(null as {{ dbt.type_int() }}) as duration_seconds,
        false as is_answered,
        false as is_connected,
        _loaded_at
    from sms
),

email_activities as (
    select
        {{ dbt.concat(["'email:'", 'email_messages.message_id']) }} as activity_id,
        'email' as activity_type,
        email_messages.message_id as source_record_id,
        email_messages.direction,
        email_messages.rep_id,
        email_messages.sent_at as occurred_at,
        case
            when tracking.is_replied then 'replied'
            when tracking.is_clicked then 'clicked'
            when tracking.is_opened then 'opened'
            when tracking.is_delivered then 'delivered'
            when tracking.is_bounced then 'bounced'
            when email_messages.direction = 'inbound' then 'received'
            else 'sent'
        end as outcome,
        cast(null as {{ dbt.type_int() }}) as duration_seconds,
        false as is_answered,
        false as is_connected,
        email_messages._loaded_at
    from email_messages
    left join email_messages_tracked as tracking
        on email_messages.message_id = tracking.message_id
),

address_activities as (
    select * from call_activities
    union all
    select * from sms_activities
    union all
    select * from email_activities
),

address_activities_linked as (
    select
        address_activities.activity_id,
        address_activities.activity_type,
        address_activities.source_record_id,
        address_activities.direction,
        address_activities.rep_id,
        address_activities.occurred_at,
        identified.counterpart,
        identified.contact_id,
        identified.lead_id,
        identified.account_id,
        identified.opportunity_id,
        identified.linked_via,
        address_activities.outcome,
        address_activities.duration_seconds,
        address_activities.is_answered,
        address_activities.is_connected,
        address_activities._loaded_at
    from address_activities
    left join identified
        on address_activities.activity_id = identified.activity_id
),

meeting_activities as (
    select * from {{ ref('int_meeting_activities') }}
),

unioned as (
    select * from address_activities_linked
    union all
    select * from meeting_activities
)

select * from unioned
