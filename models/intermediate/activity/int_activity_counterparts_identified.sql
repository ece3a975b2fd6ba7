{#
    Identity resolution (SPEC §2), one row per staged call, SMS and email message: the
    counterpart (outbound: to_, inbound: from_; emails by normalised address, calls and
    SMS by normalised phone number) looked up in the identity map
    (int_counterpart_identities: the contact, else the lead, and the account), then the
    account's opportunity open at the activity: created at or before it, and still open
    or closed on or after its date; the most recently created if several (ties: highest
    opportunity_id). `_loaded_at` is the load time of the activity's record.
    An activity whose source knows its CRM records (the optional link columns, SPEC §7:
    a call or email logged in the CRM) takes them instead (int_activity_record_links);
    an opportunity of its own wins over the account's open one.
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

identities as (
    select * from {{ ref('int_counterpart_identities') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

record_links as (
    select * from {{ ref('int_activity_record_links') }}
),

activity_counterparts as (
    select
        {{ dbt.concat(["'call:'", 'call_id']) }} as activity_id,
        'call' as activity_type,
        call_id as source_record_id,
        direction,
        started_at as occurred_at,
        'phone' as counterpart_kind,
        case direction
            when 'outbound' then to_number
            when 'inbound' then from_number
        end as counterpart,
        _loaded_at
    from calls
    union all
    select
        {{ dbt.concat(["'sms:'", 'sms_id']) }} as activity_id,
        'sms' as activity_type,
        sms_id as source_record_id,
        direction,
        sent_at as occurred_at,
        'phone' as counterpart_kind,
        case direction
            when 'outbound' then to_number
            when 'inbound' then from_number
        end as counterpart,
        _loaded_at
    from sms
    union all
    select
        {{ dbt.concat(["'email:'", 'message_id']) }} as activity_id,
        'email' as activity_type,
        message_id as source_record_id,
        direction,
        sent_at as occurred_at,
        'email' as counterpart_kind,
        case direction
            when 'outbound' then to_address
            when 'inbound' then from_address
        end as counterpart,
        _loaded_at
    from email_messages
),

activities_matched as (
    select
        activity_counterparts.activity_id,
        activity_counterparts.activity_type,
        activity_counterparts.source_record_id,
        activity_counterparts.direction,
        activity_counterparts.occurred_at,
        activity_counterparts.counterpart_kind,
        activity_counterparts.counterpart,
        activity_counterparts._loaded_at,
        -- an activity's own CRM ids win over its counterpart's (SPEC §7)
        {%- for column in ['contact_id', 'lead_id', 'known_account_id', 'account_id'] %}
        case
            when record_links.activity_id is not null then record_links.{{ column }}
            else identities.{{ column }}
        end as {{ column }},
        {%- endfor %}
        record_links.opportunity_id as own_opportunity_id,
        case
            when record_links.activity_id is not null then 'crm_ids'
            else identities.linked_via
        end as linked_via
    from activity_counterparts
    left join record_links
        on activity_counterparts.activity_id = record_links.activity_id
    left join identities
        on
            activity_counterparts.counterpart_kind = identities.counterpart_kind
            and activity_counterparts.counterpart = identities.counterpart
),

open_opportunities_ranked as (
    select
        activities_matched.activity_id,
        opportunities.opportunity_id,
        row_number() over (
            partition by activities_matched.activity_id
            order by opportunities.created_at desc, opportunities.opportunity_id desc
        ) as opportunity_rank
    from activities_matched
    inner join opportunities
        on activities_matched.known_account_id = opportunities.account_id
    where
        opportunities.created_at <= activities_matched.occurred_at
        and (
            not coalesce(opportunities.is_closed, false)
            or opportunities.close_date >= cast(activities_matched.occurred_at as date)
        )
),

open_opportunity_at_activity as (
    select * from open_opportunities_ranked
    where opportunity_rank = 1
),

final as (
    select
        activities_matched.activity_id,
        activities_matched.activity_type,
        activities_matched.source_record_id,
        activities_matched.direction,
        activities_matched.occurred_at,
        activities_matched.counterpart_kind,
        activities_matched.counterpart,
        activities_matched.contact_id,
        activities_matched.lead_id,
        activities_matched.account_id,
        -- an opportunity the activity names itself wins (SPEC §7)
        coalesce(
            activities_matched.own_opportunity_id,
            open_opportunity_at_activity.opportunity_id
        ) as opportunity_id,
        activities_matched.linked_via,
        activities_matched._loaded_at
    from activities_matched
    left join open_opportunity_at_activity
        on activities_matched.activity_id = open_opportunity_at_activity.activity_id
)

select * from final
