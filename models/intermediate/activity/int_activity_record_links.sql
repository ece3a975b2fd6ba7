{#
    The CRM records a call, SMS or email names itself (the optional link columns of
    SPEC §7, e.g. a call logged in Salesforce with its contact and opportunity): one row
    per such activity, resolved like a meeting's ids. An id that names no staged record
    becomes 'unknown' (SPEC §2 rule 5); the account is the activity's own, else its
    contact's, else its opportunity's. These links win over address matching (int_activity_counterparts_identified).
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

claimed_links as (
    select
        {{ dbt.concat(["'call:'", 'call_id']) }} as activity_id,
        contact_id,
        lead_id,
        account_id,
        opportunity_id
    from calls
    union all
    select
        {{ dbt.concat(["'sms:'", 'sms_id']) }} as activity_id,
        contact_id,
        lead_id,
        account_id,
        opportunity_id
    from sms
    union all
    select
        {{ dbt.concat(["'email:'", 'message_id']) }} as activity_id,
        contact_id,
        lead_id,
        account_id,
        opportunity_id
    from email_messages
),

links_present as (
    select * from claimed_links
    where coalesce(contact_id, lead_id, account_id, opportunity_id) is not null
),

links_resolved as (
    select
        links_present.activity_id,
        case
            when known_contacts.contact_id is not null then links_present.contact_id
            when links_present.contact_id is not null then 'unknown'
        end as contact_id,
        case
            when known_leads.lead_id is not null then links_present.lead_id
            when links_present.lead_id is not null then 'unknown'
        end as lead_id,
        coalesce(
            links_present.account_id,
            known_contacts.account_id,
            known_opportunities.account_id
        ) as claimed_account_id,
        case
            when known_opportunities.opportunity_id is not null
                then links_present.opportunity_id
            when links_present.opportunity_id is not null then 'unknown'
        end as opportunity_id
    from links_present
    left join contacts as known_contacts
        on links_present.contact_id = known_contacts.contact_id
    left join leads as known_leads
        on links_present.lead_id = known_leads.lead_id
    left join opportunities as known_opportunities
        on links_present.opportunity_id = known_opportunities.opportunity_id
),

final as (
    select
        links_resolved.activity_id,
        links_resolved.contact_id,
        links_resolved.lead_id,
        known_accounts.account_id as known_account_id,
        case
            when known_accounts.account_id is not null then known_accounts.account_id
            when links_resolved.claimed_account_id is not null then 'unknown'
        end as account_id,
        links_resolved.opportunity_id
    from links_resolved
    left join accounts as known_accounts
        on links_resolved.claimed_account_id = known_accounts.account_id
)

select * from final
