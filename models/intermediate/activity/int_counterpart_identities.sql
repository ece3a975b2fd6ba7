{#
    The identity map (SPEC §2): one row per normalised email address or phone number
    known to the CRM, with the contact, else the lead, and the account it resolves to.
    Activities join it on their counterpart (int_activity_counterparts_identified), so
    the matching rules live here, sized by the CRM rather than by the activities.
      - The match does not depend on when an activity happened: a contact created after
        a call still matches it. So the winner per address is chosen once: the most
        recently created contact (ties: highest contact_id), the most recently created
        lead (leads have an email but no phone).
      - A contact match wins: lead_id is only filled when no contact has the address.
      - The contact's account; an account id that names no staged account becomes
        'unknown' (SPEC §2 rule 5, the unknown member of dim_accounts).
#}
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contact_addresses as (
    select
        'email' as counterpart_kind,
        email as counterpart,
        contact_id,
        account_id,
        created_at
    from contacts
    where email is not null
    union all
    select
        'phone' as counterpart_kind,
        phone as counterpart,
        contact_id,
        account_id,
        created_at
    from contacts
    where phone is not null
),

contact_addresses_ranked as (
    select
        *,
        row_number() over (
            partition by counterpart_kind, counterpart
            order by created_at desc nulls last, contact_id desc
        ) as identity_rank
    from contact_addresses
),

contact_by_counterpart as (
    select * from contact_addresses_ranked
    where identity_rank = 1
),

leads_ranked as (
    select
        'email' as counterpart_kind,
        email as counterpart,
        lead_id,
        row_number() over (
            partition by email
            order by created_at desc nulls last, lead_id desc
        ) as identity_rank
    from leads
    where email is not null
),

lead_by_counterpart as (
    select * from leads_ranked
    where identity_rank = 1
),

identities as (
    select
        coalesce(
            contact_by_counterpart.counterpart_kind,
            lead_by_counterpart.counterpart_kind
        ) as counterpart_kind,
        coalesce(
            contact_by_counterpart.counterpart, lead_by_counterpart.counterpart
        ) as counterpart,
        contact_by_counterpart.contact_id,
        case
            when contact_by_counterpart.contact_id is null
                then lead_by_counterpart.lead_id
        end as lead_id,
        contact_by_counterpart.account_id as contact_account_id
    from contact_by_counterpart
    full outer join lead_by_counterpart
        on
            contact_by_counterpart.counterpart_kind
            = lead_by_counterpart.counterpart_kind
            and contact_by_counterpart.counterpart = lead_by_counterpart.counterpart
),

final as (
    select
        identities.counterpart_kind,
        identities.counterpart,
        identities.contact_id,
        identities.lead_id,
        accounts.account_id as known_account_id,
        case
            when accounts.account_id is not null then accounts.account_id
            when identities.contact_account_id is not null then 'unknown'
        end as account_id,
        case
            when identities.contact_id is not null
                then {{ dbt.concat(["'contact_'", 'identities.counterpart_kind']) }}
            else 'lead_email'
        end as linked_via
    from identities
    left join accounts
        on identities.contact_account_id = accounts.account_id
)

select * from final
