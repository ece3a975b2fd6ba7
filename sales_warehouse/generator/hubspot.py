"""The demo organisation as Fivetran lands HubSpot (SPEC §7): the contract delivery the
generator wrote, rewritten table by table into HubSpot's objects, so that the same
organisation can be built in this shape too and its numbers compared with the
contract's (tests/python/test_source_adapters.py).

Modelled on generator/salesforce.py, whose helpers it shares. Reps are owners (and
users, whose role is a `role` row); teams are teams, without a region (a HubSpot team
has none). Accounts are companies. Contacts and leads are both contacts: a lead is a
contact with a lifecycle stage or lead status, its status history the changes of
those two properties. Opportunities are deals of the default pipeline, their stage
history `deal_stage` (amounts in `deal_property_history`), their account and lead
association rows. Calls, emails (both directions) and meetings are engagements,
linked to the contact and company the contract's address matching finds (SPEC §2,
as salesforce.py's tasks) or, for meetings, to the records they name. Email events
keep their email as `sent_by_id`.

What HubSpot cannot carry is left out, as a real portal would: SMS, web sessions, NPS
(empty sources, SPEC §7), products and line items (out of the adapter's scope), and a
deal's is_closed / is_won (HubSpot derives them from the stage), and a history row
without an id (a HubSpot change always has its record, time and source). Goals stay a
`sales_goals` file beside the HubSpot tables. Values are written in HubSpot's own
spellings (stage ids, lead statuses, call outcome GUIDs), which the synonyms seed
maps back. Every other value, messy or broken, is carried as delivered, so staging
quarantines the same rows. `_fivetran_synced` is the contract row's `_loaded_at`.
"""

from __future__ import annotations

from pathlib import Path

from .salesforce import PEOPLE, _latest, _phone, _respell, _task_person, write_tables

# HubSpot's spellings of the contract's values (the synonyms seed maps them back).
ROLE_NAMES = {
    "sdr": "Sales Development Representative",
    "ae": "Account Executive",
    "manager": "Sales Manager",
}
# The deal stage ids of HubSpot's default pipeline.
STAGE_IDS = {
    "prospecting": "appointmentscheduled",
    "qualification": "qualifiedtobuy",
    "discovery": "presentationscheduled",
    "proposal": "decisionmakerboughtin",
    "negotiation": "contractsent",
    "closed_won": "closedwon",
    "closed_lost": "closedlost",
}
# Stage id: (label, probability, is_closed), in the pipeline's display order.
STAGE_LABELS = {
    "appointmentscheduled": ("Appointment Scheduled", 0.2, False),
    "qualifiedtobuy": ("Qualified To Buy", 0.4, False),
    "presentationscheduled": ("Presentation Scheduled", 0.6, False),
    "decisionmakerboughtin": ("Decision Maker Bought-In", 0.8, False),
    "contractsent": ("Contract Sent", 0.9, False),
    "closedwon": ("Closed Won", 1.0, True),
    "closedlost": ("Closed Lost", 0.0, True),
}
# Lead statuses that are HubSpot lifecycle stages; the others are hs_lead_status values.
LIFECYCLE = {
    "mql": "marketingqualifiedlead",
    "sql": "salesqualifiedlead",
    "converted": "opportunity",
}
LEAD_STATUSES = {
    "new": "NEW",
    "working": "IN_PROGRESS",
    "sal": "SALES_ACCEPTED",
    "disqualified": "UNQUALIFIED",
    "nurturing": "BAD_TIMING",
}
DEAL_TYPES = {"new_business": "newbusiness", "expansion": "existingbusiness"}
FORECAST = {
    "pipeline": "PIPELINE",
    "best_case": "BEST_CASE",
    "commit": "COMMIT",
    "closed": "CLOSED",
    "omitted": "OMIT",
}
# HubSpot's default call outcomes.
DISPOSITIONS = {
    "connected": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
    "no_answer": "73a0d17f-1163-4015-bdd5-ec830791da20",
    "voicemail": "b2cf5968-551e-4856-9783-52b3da59a7d0",
    "busy": "9d9162e7-6cf3-4944-bf63-4dff82258764",
    "wrong_number": "17b47fee-58de-441e-a44c-c6300d46f273",
}
MEETING_OUTCOMES = {
    "scheduled": "SCHEDULED",
    "completed": "COMPLETED",
    "cancelled": "CANCELED",
    "no_show": "NO_SHOW",
    "rescheduled": "RESCHEDULED",
}
EMAIL_EVENT_TYPES = {
    "delivered": "DELIVERED",
    "opened": "OPEN",
    "clicked": "CLICK",
    "bounced": "BOUNCE",
    "spam_report": "SPAMREPORT",
    "unsubscribed": "STATUSCHANGE",
}
EMAIL_DIRECTIONS = {"outbound": "EMAIL", "inbound": "INCOMING_EMAIL"}
# Tables of the contract that HubSpot does not carry, and the one written beside it.
NOT_CARRIED = (
    "telephony_sms",
    "web_sessions",
    "nps_responses",
    "crm_products",
    "crm_opportunity_line_items",
)
BESIDE = ("sales_goals",)


def _lifecycle(column: str) -> str:
    """Whether the status in `column` is a lifecycle stage (its trimmed lower-case
    value a key of LIFECYCLE)."""
    keys = ", ".join(f"'{k}'" for k in LIFECYCLE)
    return f"coalesce(lower(trim({column})) in ({keys}), false)"


def _lifecycle_stage(column: str) -> str:
    cases = " ".join(f"when '{k}' then '{v}'" for k, v in LIFECYCLE.items())
    return f"case lower(trim({column})) {cases} end"


# A rep's full name split so that concat_ws(' ', first_name, last_name) gives it back.
FIRST_NAME = "split_part(full_name, ' ', 1)"
LAST_NAME = f"nullif(substr(full_name, length({FIRST_NAME}) + 2), '')"

# The stage ids of the pipeline with their label, probability, whether closed, and
# display order.
STAGE_ROWS = ", ".join(
    f"('{stage_id}', '{label}', cast({probability} as double), {str(closed).lower()}, {i})"
    for i, (stage_id, (label, probability, closed)) in enumerate(
        STAGE_LABELS.items(), start=1
    )
)

# The person (contact or lead) of each call and email: the one the contract's address
# matching finds for its counterpart's number or address, as salesforce.py's tasks.
ACTIVITY_PEOPLE = f"""
    {PEOPLE},
    calls as (
        select call_id, _loaded_at, case lower(trim(direction))
            when 'outbound' then {_phone("to_number")}
            when 'inbound' then {_phone("from_number")} end as counterpart
        from c_telephony_calls
    ),
    emails as (
        select message_id, _loaded_at, case lower(trim(direction))
            when 'outbound' then lower(trim(to_address))
            when 'inbound' then lower(trim(from_address)) end as counterpart
        from c_email_messages
    ),
    activity_people as (
        select call_id as engagement_id, people.person_id, people.account_id,
            calls._loaded_at
        from calls {_task_person("phone", "calls.counterpart")}
        union all
        select message_id, people.person_id, people.account_id, emails._loaded_at
        from emails {_task_person("email", "emails.counterpart")}
    ),
    meetings as {_latest("crm_meetings", "meeting_id", live_only=False)}"""


def _other_property_changes(record: str, history: str, name: str, value: str) -> str:
    """For one history row in ten, a change of another property at the same time (out
    of the adapter's scope, counted by its audit)."""
    return f"""select {record}_id, '{name}', '{value}', changed_at, 'CRM_UI',
            history_id || '-{name.split("_")[-1]}', _loaded_at
        from c_{history}
        where hash(history_id) % 10 = 0"""


TABLES = {
    "owner": f"""
        select user_id as owner_id, email, {FIRST_NAME} as first_name,
            {LAST_NAME} as last_name,
            case when nullif(trim(cast(terminated_at as varchar)), '') is null
                then user_id end as active_user_id,
            hired_at as created_at, updated_at, 'PERSON' as type,
            _loaded_at as _fivetran_synced
        from c_crm_users""",
    "users": f"""
        select user_id as id, email, {FIRST_NAME} as first_name,
            {LAST_NAME} as last_name, role as role_id, team_id as primary_team_id,
            false as _fivetran_deleted, _loaded_at as _fivetran_synced
        from c_crm_users""",
    "role": f"""
        select role as id, {_respell("role", ROLE_NAMES)} as name,
            max(_loaded_at) as _fivetran_synced
        from c_crm_users
        where role is not null
        group by role""",
    "team": """
        select team_id as id, team_name as name, _loaded_at as _fivetran_synced
        from c_crm_teams""",
    "owner_team": f"""
        select user_id as owner_id, team_id, true as is_team_primary,
            _loaded_at as _fivetran_synced
        from {_latest("crm_users", "user_id", live_only=False)}
        where team_id is not null""",
    "company": """
        select account_id as id, account_name as property_name,
            industry as property_industry, segment as property_segment,
            country as property_country, region as property_region,
            employee_count as property_numberofemployees,
            owner_user_id as property_hubspot_owner_id,
            created_at as property_createdate,
            updated_at as property_hs_lastmodifieddate, is_deleted,
            false as _fivetran_deleted, _loaded_at as _fivetran_synced
        from c_crm_accounts""",
    # Contacts and leads: a lead has a lifecycle stage, and a lead status unless its
    # status is a lifecycle stage.
    "contact": f"""
        select contact_id as id, account_id as property_associatedcompanyid,
            email as property_email, phone as property_phone,
            title as property_jobtitle, null as property_company,
            lead_source as property_lead_source, null as property_hubspot_owner_id,
            null as property_hubspotscore, null as property_lifecyclestage,
            null as property_hs_lead_status, null as property_disqualified_reason,
            created_at as property_createdate, updated_at as property_lastmodifieddate,
            is_deleted as _fivetran_deleted, _loaded_at as _fivetran_synced
        from c_crm_contacts
        union all by name
        select lead_id as id, null as property_associatedcompanyid,
            email as property_email, null as property_phone, null as property_jobtitle,
            company_name as property_company, lead_source as property_lead_source,
            owner_user_id as property_hubspot_owner_id,
            lead_score as property_hubspotscore,
            case when {_lifecycle("status")} then {_lifecycle_stage("status")}
                else 'lead' end as property_lifecyclestage,
            case when not {_lifecycle("status")}
                then {_respell("status", LEAD_STATUSES)} end
                as property_hs_lead_status,
            disqualified_reason as property_disqualified_reason,
            created_at as property_createdate, updated_at as property_lastmodifieddate,
            is_deleted as _fivetran_deleted, _loaded_at as _fivetran_synced
        from c_crm_leads""",
    # Every lead status change, and for one in ten a change of another property (out
    # of the adapter's scope).
    "contact_property_history": f"""
        select lead_id as contact_id,
            case when {_lifecycle("status")} then 'lifecyclestage'
                else 'hs_lead_status' end as name,
            case when {_lifecycle("status")} then {_lifecycle_stage("status")}
                else {_respell("status", LEAD_STATUSES)} end as value,
            changed_at as timestamp, 'CRM_UI' as source, history_id as source_id,
            _loaded_at as _fivetran_synced
        from c_crm_lead_status_history
        where history_id is not null
        union all
        {
        _other_property_changes(
            "lead", "crm_lead_status_history", "hs_analytics_source", "ORGANIC_SEARCH"
        )
    }""",
    "deal": f"""
        select opportunity_id as deal_id, 'default' as deal_pipeline_id,
            {_respell("stage_name", STAGE_IDS)} as deal_pipeline_stage_id,
            owner_user_id as owner_id, opportunity_name as property_dealname,
            {_respell("opportunity_type", DEAL_TYPES)} as property_dealtype,
            lead_source as property_lead_source, amount as property_amount,
            currency as property_deal_currency_code,
            try_cast(probability as double) / 100.0
                as property_hs_deal_stage_probability,
            {_respell("forecast_category", FORECAST)}
                as property_hs_manual_forecast_category,
            created_at as property_createdate, close_date as property_closedate,
            loss_reason as property_closed_lost_reason,
            competitor_name as property_competitor, next_step as property_hs_next_step,
            next_step_date as property_next_step_date,
            updated_at as property_hs_lastmodifieddate, is_deleted,
            false as _fivetran_deleted, _loaded_at as _fivetran_synced
        from c_crm_opportunities""",
    # Every stage id a deal is in or entered, known or not.
    "deal_pipeline_stage": f"""
        with stage_ids as (
            select {_respell("stage_name", STAGE_IDS)} as stage_id
            from c_crm_opportunities
            union
            select {_respell("stage_name", STAGE_IDS)} from c_crm_opportunity_stage_history
        ),
        labels (stage_id, label, probability, is_closed, display_order) as (
            values {STAGE_ROWS}
        )
        select stage_ids.stage_id, 'default' as pipeline_id,
            coalesce(labels.label, stage_ids.stage_id) as label, labels.probability,
            coalesce(labels.is_closed, false) as is_closed,
            coalesce(labels.is_closed, false) as closed_won, labels.display_order,
            false as _fivetran_deleted,
            (select max(_loaded_at) from c_crm_opportunities) as _fivetran_synced
        from stage_ids
        left join labels on stage_ids.stage_id = labels.stage_id
        where stage_ids.stage_id is not null
        order by labels.display_order nulls last, stage_ids.stage_id""",
    "deal_stage": f"""
        select opportunity_id as deal_id,
            {_respell("stage_name", STAGE_IDS)} as value, changed_at as date_entered,
            changed_at as _fivetran_start, 'CRM_UI' as source, history_id as source_id,
            _loaded_at as _fivetran_synced
        from c_crm_opportunity_stage_history
        where history_id is not null""",
    # The amount at every stage change, and for one in ten a change of another
    # property (out of the adapter's scope).
    "deal_property_history": f"""
        select opportunity_id as deal_id, 'amount' as name,
            cast(amount as varchar) as value, changed_at as timestamp,
            'CRM_UI' as source, history_id as source_id,
            _loaded_at as _fivetran_synced
        from c_crm_opportunity_stage_history
        where history_id is not null
        union all
        {
        _other_property_changes(
            "opportunity", "crm_opportunity_stage_history", "description", "Updated"
        )
    }""",
    "deal_company": f"""
        select opportunity_id as deal_id, account_id as company_id,
            'HUBSPOT_DEFINED' as category, 5 as type_id,
            _loaded_at as _fivetran_synced
        from {_latest("crm_opportunities", "opportunity_id", live_only=False)}
        where account_id is not null""",
    "deal_contact": f"""
        select converted_opportunity_id as deal_id, lead_id as contact_id,
            'HUBSPOT_DEFINED' as category, 3 as type_id,
            _loaded_at as _fivetran_synced
        from {_latest("crm_leads", "lead_id", live_only=False)}
        where converted_opportunity_id is not null""",
    "engagement_call": f"""
        select call_id as engagement_id, 'CALL' as type,
            user_id as property_hubspot_owner_id, started_at as property_hs_timestamp,
            started_at as property_hs_createdate,
            direction as property_hs_call_direction,
            {_respell("disposition", DISPOSITIONS)} as property_hs_call_disposition,
            case
                when try_cast(ended_at as timestamp) < try_cast(started_at as timestamp)
                then epoch_ms(try_cast(ended_at as timestamp))
                    - epoch_ms(try_cast(started_at as timestamp))
                else try_cast(duration_seconds as bigint) * 1000
            end as property_hs_call_duration,
            from_number as property_hs_call_from_number,
            to_number as property_hs_call_to_number,
            'COMPLETED' as property_hs_call_status, false as _fivetran_deleted,
            _loaded_at as _fivetran_synced
        from c_telephony_calls""",
    "engagement_email": f"""
        select message_id as engagement_id,
            {_respell("direction", EMAIL_DIRECTIONS)} as type,
            {_respell("direction", EMAIL_DIRECTIONS)} as property_hs_email_direction,
            user_id as property_hubspot_owner_id, sent_at as property_hs_timestamp,
            from_address as property_hs_email_from_email,
            to_address as property_hs_email_to_email,
            subject as property_hs_email_subject,
            thread_id as property_hs_email_thread_id,
            sequence_id as property_hs_sequence_id, false as _fivetran_deleted,
            _loaded_at as _fivetran_synced
        from c_email_messages""",
    "engagement_meeting": f"""
        select meeting_id as engagement_id, 'MEETING' as type,
            owner_user_id as property_hubspot_owner_id,
            scheduled_start as property_hs_timestamp,
            scheduled_start as property_hs_meeting_start_time,
            scheduled_end as property_hs_meeting_end_time,
            {_respell("status", MEETING_OUTCOMES)} as property_hs_meeting_outcome,
            meeting_type as property_hs_activity_type,
            created_at as property_hs_createdate,
            updated_at as property_hs_lastmodifieddate, false as _fivetran_deleted,
            _loaded_at as _fivetran_synced
        from c_crm_meetings""",
    # Calls and emails: the person the address matching finds; meetings (latest
    # version): the contact and the lead they name.
    "engagement_contact": f"""
        with {ACTIVITY_PEOPLE}
        select engagement_id, person_id as contact_id, 'HUBSPOT_DEFINED' as category,
            _loaded_at as _fivetran_synced
        from activity_people where person_id is not null
        union all
        select meeting_id, contact_id, 'HUBSPOT_DEFINED', _loaded_at
        from meetings where contact_id is not null
        union all
        select meeting_id, lead_id, 'HUBSPOT_DEFINED', _loaded_at
        from meetings where lead_id is not null""",
    "engagement_company": f"""
        with {ACTIVITY_PEOPLE}
        select engagement_id, account_id as company_id, 'HUBSPOT_DEFINED' as category,
            _loaded_at as _fivetran_synced
        from activity_people where account_id is not null
        union all
        select meeting_id, account_id, 'HUBSPOT_DEFINED', _loaded_at
        from meetings where account_id is not null""",
    "engagement_deal": f"""
        select meeting_id as engagement_id, opportunity_id as deal_id,
            'HUBSPOT_DEFINED' as category, _loaded_at as _fivetran_synced
        from {_latest("crm_meetings", "meeting_id", live_only=False)}
        where opportunity_id is not null""",
    "email_event": f"""
        select event_id as id, {_respell("event_type", EMAIL_EVENT_TYPES)} as type,
            occurred_at as created, message_id as sent_by_id,
            cast(null as varchar) as recipient, _loaded_at as _fivetran_synced
        from c_email_events""",
}


def write_hubspot(contract_dir: Path, out_dir: Path, fmt: str) -> dict[str, int]:
    """Rewrite the contract delivery in `contract_dir` as HubSpot's tables (and
    `sales_goals` beside them) in `out_dir`; returns the rows per written table."""
    return write_tables(TABLES, BESIDE, contract_dir, out_dir, fmt)
