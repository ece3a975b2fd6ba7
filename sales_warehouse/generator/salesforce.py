"""The demo organisation as Fivetran lands Salesforce (SPEC §7): the contract delivery
the generator wrote, rewritten table by table into Salesforce's objects, so that the
same organisation can be built in both shapes and its numbers compared
(tests/python/test_source_adapters.py).

What Salesforce cannot carry is left out, as a real org would: SMS, web sessions, NPS
and email tracking events (empty sources, SPEC §7), inbound emails (an email task is an
email a rep sent), phone numbers and addresses on calls and emails (a task names its
person and account instead: the contact or lead the contract's address matching finds,
SPEC §2), and a team's region when no user is in the team (a role's region is its
users' division). Goals stay a `sales_goals` file beside the Salesforce tables. Values
are written in Salesforce's own spellings ("Closed Won", "Closed - Converted",
"BestCase"), which the synonyms seed maps back. Every other value, messy or broken, is
carried as delivered, so staging quarantines the same rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# Salesforce's spellings of the contract's values (the synonyms seed maps them back).
STAGE_NAMES = {
    "prospecting": "Prospecting",
    "qualification": "Qualification",
    "discovery": "Needs Analysis",
    "proposal": "Proposal/Price Quote",
    "negotiation": "Negotiation/Review",
    "closed_won": "Closed Won",
    "closed_lost": "Closed Lost",
}
LEAD_STATUSES = {
    "new": "Open - Not Contacted",
    "working": "Working - Contacted",
    "converted": "Closed - Converted",
    "disqualified": "Closed - Not Converted",
}
FORECAST_CATEGORIES = {
    "pipeline": "Pipeline",
    "best_case": "BestCase",
    "commit": "Forecast",
    "closed": "Closed",
    "omitted": "Omitted",
}
OPPORTUNITY_TYPES = {"new_business": "New Business", "renewal": "Renewal"}
# Tables of the contract that Salesforce does not carry, and the one written beside it.
NOT_CARRIED = ("email_events", "telephony_sms", "web_sessions", "nps_responses")
BESIDE = ("sales_goals",)


def _respell(column: str, spellings: dict[str, str]) -> str:
    """The column in Salesforce's spelling where the trimmed lower-case value has one,
    else as delivered (messy case and spaces included)."""
    cases = " ".join(f"when '{k}' then '{v}'" for k, v in spellings.items())
    return f"coalesce(case lower(trim({column})) {cases} end, {column})"


def _latest(table: str, key: str, live_only: bool = True) -> str:
    """The latest version of each record, live only unless told (staging's rule,
    SPEC §2, near enough for finding a task's person: a record's bad versions are
    rare)."""
    live = (
        "and not coalesce(try_cast(is_deleted as boolean), false)" if live_only else ""
    )
    return f"""(
        select * from (
            select *, row_number() over (
                partition by {key}
                order by try_cast(updated_at as timestamp) desc nulls last,
                    try_cast(_loaded_at as timestamp) desc nulls last
            ) as version_rank
            from c_{table} where {key} is not null
        ) where version_rank = 1 {live}
    )"""


def _phone(column: str) -> str:
    digits = f"regexp_replace(trim({column}), '[^0-9]', '', 'g')"
    return f"nullif(case when {digits} like '00%' then substr({digits}, 3) else {digits} end, '')"


PEOPLE = f"""
    contacts as {_latest("crm_contacts", "contact_id")},
    leads as {_latest("crm_leads", "lead_id")},
    addresses as (
        select 'email' as kind, lower(trim(email)) as address, contact_id as person_id,
            account_id, 0 as is_lead, created_at from contacts
        union all
        select 'phone', {_phone("phone")}, contact_id, account_id, 0, created_at
        from contacts
        union all
        select 'email', lower(trim(email)), lead_id, null, 1, created_at from leads
    ),
    people as (
        select * from (
            select *, row_number() over (
                partition by kind, address
                order by is_lead, try_cast(created_at as timestamp) desc nulls last,
                    person_id desc
            ) as person_rank
            from addresses where address is not null
        ) where person_rank = 1
    )"""


def _task_person(kind: str, counterpart: str) -> str:
    return f"""left join people on people.kind = '{kind}'
        and people.address = {counterpart}"""


TABLES = {
    "user": f"""
        with team_regions as (
            select team_id, region from {_latest("crm_teams", "team_id", live_only=False)}
        )
        select user_id as id, full_name as name, email, role as title,
            users.team_id as user_role_id, manager_user_id as manager_id,
            time_zone as time_zone_sid_key,
            nullif(trim(cast(terminated_at as varchar)), '') is null as is_active,
            hired_at as created_date, terminated_at as terminated_at_c,
            updated_at as last_modified_date, false as _fivetran_deleted,
            team_regions.region as division, _loaded_at as _fivetran_synced
        from c_crm_users as users
        left join team_regions on users.team_id = team_regions.team_id""",
    "user_role": """
        select team_id as id, team_name as name, updated_at as last_modified_date,
            false as _fivetran_deleted, _loaded_at as _fivetran_synced
        from c_crm_teams""",
    "account": """
        select account_id as id, account_name as name, industry, segment as segment_c,
            country as billing_country, region as region_c,
            employee_count as number_of_employees, owner_user_id as owner_id,
            created_at as created_date, updated_at as last_modified_date, is_deleted,
            _loaded_at as _fivetran_synced
        from c_crm_accounts""",
    "contact": """
        select contact_id as id, account_id, email, phone, title, lead_source,
            created_at as created_date, updated_at as last_modified_date, is_deleted,
            _loaded_at as _fivetran_synced
        from c_crm_contacts""",
    "lead": f"""
        select lead_id as id, email, company_name as company, lead_source,
            owner_user_id as owner_id, lead_score as lead_score_c,
            {_respell("status", LEAD_STATUSES)} as status,
            disqualified_reason as disqualified_reason_c, converted_account_id,
            converted_contact_id, converted_opportunity_id, created_at as created_date,
            updated_at as last_modified_date, is_deleted, _loaded_at as _fivetran_synced
        from c_crm_leads""",
    # Every status change, and for one lead in ten a change of another field (out of
    # the adapter's scope, counted by its audit).
    "lead_history": f"""
        select history_id as id, lead_id, 'Status' as field,
            {_respell("status", LEAD_STATUSES)} as new_value, changed_at as created_date,
            false as is_deleted, _loaded_at as _fivetran_synced
        from c_crm_lead_status_history
        union all
        select history_id || '-rating', lead_id, 'Rating', 'Warm', changed_at, false,
            _loaded_at
        from c_crm_lead_status_history
        where hash(history_id) % 10 = 0""",
    "opportunity": f"""
        select opportunity_id as id, account_id, owner_user_id as owner_id,
            opportunity_name as name, {_respell("opportunity_type", OPPORTUNITY_TYPES)} as type,
            lead_source, amount, currency as currency_iso_code,
            {_respell("stage_name", STAGE_NAMES)} as stage_name, probability,
            {_respell("forecast_category", FORECAST_CATEGORIES)} as forecast_category,
            created_at as created_date, close_date, is_closed, is_won,
            loss_reason as loss_reason_c, competitor_name as competitor_c, next_step,
            next_step_date as next_step_date_c, updated_at as last_modified_date,
            is_deleted, _loaded_at as _fivetran_synced
        from c_crm_opportunities""",
    "opportunity_history": f"""
        select history_id as id, opportunity_id,
            {_respell("stage_name", STAGE_NAMES)} as stage_name, amount,
            close_date, probability,
            {_respell("forecast_category", FORECAST_CATEGORIES)} as forecast_category,
            currency as currency_iso_code, changed_at as created_date,
            changed_by_user_id as created_by_id, false as is_deleted,
            _loaded_at as _fivetran_synced
        from c_crm_opportunity_stage_history""",
    "product_2": """
        select product_id as id, product_name as name, product_family as family,
            launched_at as created_date, list_price as list_price_c,
            currency as currency_iso_code, updated_at as last_modified_date,
            false as is_deleted, _loaded_at as _fivetran_synced
        from c_crm_products""",
    "opportunity_line_item": """
        select line_item_id as id, opportunity_id, product_id as product_2_id, quantity,
            unit_price, try_cast(discount_pct as decimal(18, 2)) * 100 as discount, total_price,
            currency as currency_iso_code, updated_at as last_modified_date, is_deleted,
            _loaded_at as _fivetran_synced
        from c_crm_opportunity_line_items""",
    "event": """
        select meeting_id as id, owner_user_id as owner_id,
            coalesce(contact_id, lead_id) as who_id, opportunity_id as what_id,
            account_id, meeting_type as type, scheduled_start as start_date_time,
            scheduled_end as end_date_time, status as status_c,
            created_at as created_date, updated_at as last_modified_date,
            false as is_deleted, _loaded_at as _fivetran_synced
        from c_crm_meetings""",
    # Calls and outbound emails as tasks naming the person the contract's address
    # matching finds; and for one call in twenty a to-do task (out of scope).
    "task": f"""
        with {PEOPLE},
        calls as (
            select *, case lower(trim(direction))
                when 'outbound' then {_phone("to_number")}
                when 'inbound' then {_phone("from_number")} end as counterpart
            from c_telephony_calls
        ),
        emails as (
            select *, lower(trim(to_address)) as counterpart from c_email_messages
            where lower(trim(direction)) = 'outbound'
        )
        select call_id as id, user_id as owner_id, people.person_id as who_id,
            cast(null as varchar) as what_id, people.account_id as account_id,
            'Call' as task_subtype, 'Call' as subject, direction as call_type,
            duration_seconds as call_duration_in_seconds,
            disposition as call_disposition, started_at as created_date,
            ended_at as completed_date_time, false as is_deleted,
            _loaded_at as _fivetran_synced
        from calls {_task_person("phone", "calls.counterpart")}
        union all by name
        select message_id as id, user_id as owner_id, people.person_id as who_id,
            cast(null as varchar) as what_id, people.account_id as account_id,
            'Email' as task_subtype, subject, null as call_type,
            null as call_duration_in_seconds, null as call_disposition,
            sent_at as created_date, sent_at as completed_date_time,
            false as is_deleted, _loaded_at as _fivetran_synced
        from emails {_task_person("email", "emails.counterpart")}
        union all by name
        select call_id || '-todo' as id, user_id as owner_id, null as who_id,
            null as what_id, null as account_id, 'Task' as task_subtype,
            'Follow up' as subject, null as call_type, null as call_duration_in_seconds,
            null as call_disposition, started_at as created_date,
            null as completed_date_time, false as is_deleted,
            _loaded_at as _fivetran_synced
        from c_telephony_calls
        where hash(call_id) % 20 = 0""",
}


def write_salesforce(contract_dir: Path, out_dir: Path, fmt: str) -> dict[str, int]:
    """Rewrite the contract delivery in `contract_dir` as Salesforce's tables (and
    `sales_goals` beside them) in `out_dir`; returns the rows per written table."""
    return write_tables(TABLES, BESIDE, contract_dir, out_dir, fmt)


def write_tables(
    tables: dict[str, str],
    beside: tuple[str, ...],
    contract_dir: Path,
    out_dir: Path,
    fmt: str,
) -> dict[str, int]:
    """Write each of `tables` (name: SQL over the views `c_<contract table>` of the
    contract delivery in `contract_dir`) and the contract tables `beside` as they are
    to `out_dir`; returns the rows per written table."""
    con = duckdb.connect()
    for path in sorted(Path(contract_dir).glob(f"*.{fmt}")):
        reader = (
            f"read_parquet('{path.as_posix()}')"
            if fmt == "parquet"
            else f"read_csv('{path.as_posix()}', header = true, all_varchar = true)"
        )
        con.execute(f"create view c_{path.stem} as select * from {reader}")
    out_dir.mkdir(parents=True, exist_ok=True)
    options = "format parquet, compression zstd" if fmt == "parquet" else "format csv"
    counts = {}
    for name, sql in {**tables, **{t: f"select * from c_{t}" for t in beside}}.items():
        target = out_dir / f"{name}.{fmt}"
        con.execute(f"copy ({sql}) to '{target.as_posix()}' ({options})")
        counts[name] = con.execute(f"select count(*) from ({sql})").fetchone()[0]
    con.close()
    return counts
