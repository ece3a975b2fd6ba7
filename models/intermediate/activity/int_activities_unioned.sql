{#
    One activity stream (SPEC §3, §5): one row per staged call, email message, SMS and
    meeting, with its CRM links and outcome, before reps are resolved and local times
    computed (fct_activities).
      - Calls, SMS and emails take their links from
        int_activity_counterparts_identified.
      - Meetings carry their ids. A missing account comes from the meeting's contact,
        else its opportunity. An id that names no staged record becomes 'unknown'
        (SPEC §2 rule 5); a missing id stays null (not linked).
      - Email outcome: the furthest tracking event of the message (replied > clicked >
        opened > delivered > bounced), else 'sent' (outbound) or 'received' (inbound),
        from the message's flags in int_email_messages_tracked (one aggregation of the
        events per message for every model).
      - Meeting duration: scheduled length of completed meetings only, so that summing
        it gives the time spent in meetings (SPEC §3).
    Incremental (README, "Incremental models"): a run recomputes the calls, SMS and
    emails int_activity_counterparts_identified rewrote since its last run
    (recomputed_upstream_activity_ids()) and the meetings of
    changed_meeting_activity_ids(); `_loaded_at` is the load time of the activity's
    record.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy=incremental_strategy()
) }}
{{ changed_activity_dependencies() }}

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

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

-- An incremental run links the calls, SMS and emails upstream rewrote, read by their
-- stamps (the scan skips the older row groups), not by hashing every stored id.
identified as (
    select * from {{ ref('int_activity_counterparts_identified') }}
    {%- if is_incremental() %}
    where {{ recomputed_since_last_run('_recomputed_at') }}
    {%- endif %}
),
{%- if is_incremental() %}

changed_activities as (
    {{ recomputed_upstream_activity_ids('int_activity_counterparts_identified') }}
    union all
    {{ changed_meeting_activity_ids() }}
),
{%- endif %}

-- Narrowed to the changed messages before the join (see address_activities_to_link).
tracking_to_link as (
    select * from email_messages_tracked
    where {{ is_changed_activity() }}
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
    left join tracking_to_link as tracking
        on email_messages.message_id = tracking.message_id
),

address_activities as (
    select * from call_activities
    union all
    select * from sms_activities
    union all
    select * from email_activities
),

-- An incremental run narrows both sides to the changed activities before joining
-- them (`identified` by its stamps): joining all activities first held two
-- history-sized hash tables in memory.
address_activities_to_link as (
    select * from address_activities
    where {{ is_changed_activity() }}
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
    from address_activities_to_link as address_activities
    left join identified
        on address_activities.activity_id = identified.activity_id
),

meetings_with_claimed_ids as (
    select
        meetings.meeting_id,
        meetings.owner_rep_id,
        meetings.scheduled_start_at,
        meetings.scheduled_end_at,
        meetings.status,
        meetings.contact_id,
        meetings.lead_id,
        meetings.opportunity_id,
        coalesce(
            meetings.account_id, contacts.account_id, opportunities.account_id
        ) as account_id,
        contacts.contact_id as known_contact_id,
        opportunities.opportunity_id as known_opportunity_id,
        meetings._loaded_at
    from meetings
    left join contacts
        on meetings.contact_id = contacts.contact_id
    left join opportunities
        on meetings.opportunity_id = opportunities.opportunity_id
),

meeting_activities as (
    select
        {{ dbt.concat(["'meeting:'", 'meetings_with_claimed_ids.meeting_id']) }}
            as activity_id,
        'meeting' as activity_type,
        meetings_with_claimed_ids.meeting_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as direction,
        meetings_with_claimed_ids.owner_rep_id as rep_id,
        meetings_with_claimed_ids.scheduled_start_at as occurred_at,
        cast(null as {{ dbt.type_string() }}) as counterpart,
        case
            when meetings_with_claimed_ids.contact_id is null then null
            when meetings_with_claimed_ids.known_contact_id is null then 'unknown'
            else meetings_with_claimed_ids.contact_id
        end as contact_id,
        case
            when meetings_with_claimed_ids.lead_id is null then null
            when leads.lead_id is null then 'unknown'
            else meetings_with_claimed_ids.lead_id
        end as lead_id,
        case
            when meetings_with_claimed_ids.account_id is null then null
            when accounts.account_id is null then 'unknown'
            else meetings_with_claimed_ids.account_id
        end as account_id,
        case
            when meetings_with_claimed_ids.opportunity_id is null then null
            when meetings_with_claimed_ids.known_opportunity_id is null then 'unknown'
            else meetings_with_claimed_ids.opportunity_id
        end as opportunity_id,
        case
            when
                meetings_with_claimed_ids.contact_id is not null
                or meetings_with_claimed_ids.lead_id is not null
                or meetings_with_claimed_ids.account_id is not null
                or meetings_with_claimed_ids.opportunity_id is not null
                then 'crm_ids'
        end as linked_via,
        meetings_with_claimed_ids.status as outcome,
        case
            when meetings_with_claimed_ids.status = 'completed'
                then {{ dbt.datediff(
                    'meetings_with_claimed_ids.scheduled_start_at',
                    'meetings_with_claimed_ids.scheduled_end_at',
                    'second'
                ) }}
        end as duration_seconds,
        false as is_answered,
        false as is_connected,
        meetings_with_claimed_ids._loaded_at
    from meetings_with_claimed_ids
    left join leads
        on meetings_with_claimed_ids.lead_id = leads.lead_id
    left join accounts
        on meetings_with_claimed_ids.account_id = accounts.account_id
    where {{ is_changed_activity(
        dbt.concat(["'meeting:'", 'meetings_with_claimed_ids.meeting_id'])
    ) }}
),

unioned as (
    select * from address_activities_linked
    union all
    select * from meeting_activities
),

final as (
    select
        unioned.*,
        {{ run_started_timestamp() }} as _recomputed_at
    from unioned
)

select * from final
