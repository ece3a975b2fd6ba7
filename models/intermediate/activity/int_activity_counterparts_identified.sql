{#
    Identity resolution (SPEC §2), one row per staged call, SMS and email message: the
    counterpart (outbound: to_, inbound: from_; emails by normalised address, calls and
    SMS by normalised phone number) matched to a contact or else a lead.
      - The match does not depend on when the activity happened: a contact created after
        the call still matches it. So the winner per address is chosen once, before
        joining: the most recently created contact (ties: highest contact_id), the most
        recently created lead (leads have an email but no phone).
      - A contact match wins: lead_id is only filled when no contact matched.
      - The contact's account; an account id that names no staged account becomes
        'unknown' (SPEC §2 rule 5, the unknown member of dim_accounts).
      - The account's opportunity open at the activity: created at or before it, and
        still open or closed on or after its date; the most recently created if several
        (ties: highest opportunity_id).
    Incremental (README, "Incremental models"): a run recomputes the calls, SMS and
    messages loaded in the look-back window (new records and new versions, read from
    staging by their load time, which skips the older row groups) and, as they are
    stored, the activities of relinked_stored_activities() (a changed contact, lead,
    account or opportunity may re-link them; an email's tracking changed), found in one
    scan of the stored history. `_loaded_at` is the load time of the activity's record,
    the model's watermark.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy=incremental_strategy()
) }}
{{ changed_activity_dependencies(['int_email_messages_tracked']) }}

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

all_activity_counterparts as (
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
    where {{ incremental_window('_loaded_at') }}
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
    where {{ incremental_window('_loaded_at') }}
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
    where {{ incremental_window('_loaded_at') }}
),

-- On an incremental run: the records loaded in the window, then the stored activities
-- to re-link whose records did not change.
activity_counterparts as (
    select * from all_activity_counterparts
    {%- if is_incremental() %}
    union all
    select relinked_activities.*
    from (
        {{ relinked_stored_activities(this, [
            'activity_id', 'activity_type', 'source_record_id', 'direction',
            'occurred_at', 'counterpart_kind', 'counterpart', '_loaded_at'
        ]) }}
    ) as relinked_activities
    where
        relinked_activities.activity_id not in (
            select reloaded_activities.activity_id
            from all_activity_counterparts as reloaded_activities
        )
    {%- endif %}
),

contact_identities as (
    select
        contact_id,
        account_id,
        created_at,
        'email' as counterpart_kind,
        email as counterpart
    from contacts
    where email is not null
    union all
    select
        contact_id,
        account_id,
        created_at,
        'phone' as counterpart_kind,
        phone as counterpart
    from contacts
    where phone is not null
),

contact_identities_ranked as (
    select
        counterpart_kind,
        counterpart,
        contact_id,
        account_id,
        row_number() over (
            partition by counterpart_kind, counterpart
            order by created_at desc nulls last, contact_id desc
        ) as identity_rank
    from contact_identities
),

contact_by_counterpart as (
    select
        counterpart_kind,
        counterpart,
        contact_id,
        account_id
    from contact_identities_ranked
    where identity_rank = 1
),

leads_ranked as (
    select
        email,
        lead_id,
        row_number() over (
            partition by email
            order by created_at desc nulls last, lead_id desc
        ) as identity_rank
    from leads
    where email is not null
),

-- The kind is a join column, not a constant in the join condition: a constant there
-- turns DuckDB's hash join into a nested loop over activities x leads.
lead_by_email as (
    select
        'email' as counterpart_kind,
        email,
        lead_id
    from leads_ranked
    where identity_rank = 1
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
        contact_by_counterpart.contact_id,
        case
            when contact_by_counterpart.contact_id is null
                then lead_by_email.lead_id
        end as lead_id,
        accounts.account_id as known_account_id,
        case
            when accounts.account_id is not null then accounts.account_id
            when contact_by_counterpart.account_id is not null then 'unknown'
        end as account_id,
        case
            when contact_by_counterpart.contact_id is not null
                then {{ dbt.concat([
                    "'contact_'", 'activity_counterparts.counterpart_kind'
                ]) }}
            when lead_by_email.lead_id is not null then 'lead_email'
        end as linked_via
    from activity_counterparts
    left join contact_by_counterpart
        on
            activity_counterparts.counterpart_kind
            = contact_by_counterpart.counterpart_kind
            and activity_counterparts.counterpart = contact_by_counterpart.counterpart
    left join lead_by_email
        on
            activity_counterparts.counterpart_kind = lead_by_email.counterpart_kind
            and activity_counterparts.counterpart = lead_by_email.email
    left join accounts
        on contact_by_counterpart.account_id = accounts.account_id
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
    select
        activity_id,
        opportunity_id
    from open_opportunities_ranked
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
        open_opportunity_at_activity.opportunity_id,
        activities_matched.linked_via,
        activities_matched._loaded_at,
        {{ run_started_timestamp() }} as _recomputed_at
    from activities_matched
    left join open_opportunity_at_activity
        on activities_matched.activity_id = open_opportunity_at_activity.activity_id
)

select * from final
