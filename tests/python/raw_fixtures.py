"""A minimal, valid raw delivery (every SPEC §2 table, a few rows each), written as CSV
or Parquet. The bad-input corpus starts from it and breaks one thing at a time."""

from __future__ import annotations

import csv
from pathlib import Path

LOADED = "2026-10-31 12:00:00"

TABLES: dict[str, list[dict[str, object]]] = {
    "crm_teams": [
        {
            "team_id": "team_01",
            "team_name": "NA East",
            "region": "north_america",
            "updated_at": "2024-01-01 00:00:00",
        },
    ],
    "crm_users": [
        {
            "user_id": "usr_0001",
            "full_name": "Ada Rep",
            "email": "ada@ourco.com",
            "role": "ae",
            "team_id": "team_01",
            "manager_user_id": "usr_0002",
            "time_zone": "America/New_York",
            "hired_at": "2024-01-01 09:00:00",
            "terminated_at": None,
            "updated_at": "2024-01-01 09:00:00",
        },
        {
            "user_id": "usr_0002",
            "full_name": "Max Manager",
            "email": "max@ourco.com",
            "role": "manager",
            "team_id": "team_01",
            "manager_user_id": None,
            "time_zone": "America/New_York",
            "hired_at": "2024-01-01 09:00:00",
            "terminated_at": None,
            "updated_at": "2024-01-01 09:00:00",
        },
    ],
    "crm_accounts": [
        {
            "account_id": "acc_00001",
            "account_name": "Acme",
            "industry": "technology",
            "segment": "smb",
            "country": "US",
            "region": "north_america",
            "employee_count": 120,
            "owner_user_id": "usr_0001",
            "created_at": "2024-02-01 10:00:00",
            "updated_at": "2024-02-01 10:00:00",
            "is_deleted": False,
        },
    ],
    "crm_contacts": [
        {
            "contact_id": "con_000001",
            "account_id": "acc_00001",
            "email": "jane@acme.com",
            "phone": "+1 415 555 0100",
            "title": "CTO",
            "lead_source": "Web",
            "created_at": "2024-02-01 10:00:00",
            "updated_at": "2024-02-01 10:00:00",
            "is_deleted": False,
        },
    ],
    "crm_leads": [
        {
            "lead_id": "lead_000001",
            "email": "jane@acme.com",
            "company_name": "Acme",
            "lead_source": "Web",
            "owner_user_id": "usr_0001",
            "lead_score": 80,
            "status": "converted",
            "disqualified_reason": None,
            "converted_account_id": "acc_00001",
            "converted_contact_id": "con_000001",
            "converted_opportunity_id": "opp_000001",
            "created_at": "2024-01-15 10:00:00",
            "updated_at": "2024-02-01 10:00:00",
            "is_deleted": False,
        },
    ],
    "crm_lead_status_history": [
        {
            "history_id": "lsh_1",
            "lead_id": "lead_000001",
            "status": "new",
            "changed_at": "2024-01-15 10:00:00",
        },
        {
            "history_id": "lsh_2",
            "lead_id": "lead_000001",
            "status": "mql",
            "changed_at": "2024-01-20 10:00:00",
        },
        {
            "history_id": "lsh_3",
            "lead_id": "lead_000001",
            "status": "converted",
            "changed_at": "2024-02-01 10:00:00",
        },
    ],
    "crm_opportunities": [
        {
            "opportunity_id": "opp_000001",
            "account_id": "acc_00001",
            "owner_user_id": "usr_0001",
            "opportunity_name": "Acme - GTX",
            "opportunity_type": "new_business",
            "lead_source": "Web",
            "amount": "1000.00",
            "currency": "USD",
            "stage_name": "closed_won",
            "probability": 100,
            "forecast_category": "closed",
            "created_at": "2024-02-01 10:00:00",
            "close_date": "2024-03-15",
            "is_closed": True,
            "is_won": True,
            "loss_reason": None,
            "competitor_name": None,
            "next_step": None,
            "next_step_date": None,
            "updated_at": "2024-03-15 10:00:00",
            "is_deleted": False,
        },
    ],
    "crm_opportunity_stage_history": [
        {
            "history_id": "osh_1",
            "opportunity_id": "opp_000001",
            "stage_name": "prospecting",
            "amount": "1000.00",
            "currency": "USD",
            "changed_at": "2024-02-01 10:00:00",
            "changed_by_user_id": "usr_0001",
        },
        {
            "history_id": "osh_2",
            "opportunity_id": "opp_000001",
            "stage_name": "closed_won",
            "amount": "1000.00",
            "currency": "USD",
            "changed_at": "2024-03-15 10:00:00",
            "changed_by_user_id": "usr_0001",
        },
    ],
    "crm_products": [
        {
            "product_id": "prod_001",
            "product_name": "GTX Basic",
            "product_family": "GTX",
            "launched_at": "2020-01-01",
            "list_price": "550.00",
            "currency": "USD",
            "updated_at": "2024-01-01 00:00:00",
        },
    ],
    "crm_opportunity_line_items": [
        {
            "line_item_id": "li_1",
            "opportunity_id": "opp_000001",
            "product_id": "prod_001",
            "quantity": 2,
            "unit_price": "500.00",
            "discount_pct": "0.00",
            "total_price": "1000.00",
            "currency": "USD",
            "updated_at": "2024-03-15 10:00:00",
            "is_deleted": False,
        },
    ],
    "crm_meetings": [
        {
            "meeting_id": "mtg_1",
            "owner_user_id": "usr_0001",
            "contact_id": "con_000001",
            "lead_id": None,
            "account_id": "acc_00001",
            "opportunity_id": "opp_000001",
            "meeting_type": "demo",
            "scheduled_start": "2024-02-10 15:00:00",
            "scheduled_end": "2024-02-10 15:45:00",
            "status": "completed",
            "created_at": "2024-02-05 10:00:00",
            "updated_at": "2024-02-10 16:00:00",
        },
    ],
    "email_messages": [
        {
            "message_id": "msg_1",
            "thread_id": "thr_1",
            "user_id": "usr_0001",
            "direction": "outbound",
            "from_address": "ada@ourco.com",
            "to_address": "Jane@Acme.com ",
            "sequence_id": None,
            "subject": "Hello",
            "sent_at": "2024-02-02 14:00:00",
        },
    ],
    "email_events": [
        {
            "event_id": "evt_1",
            "message_id": "msg_1",
            "event_type": "delivered",
            "occurred_at": "2024-02-02 14:00:05",
        },
        {
            "event_id": "evt_2",
            "message_id": "msg_1",
            "event_type": "opened",
            "occurred_at": "2024-02-02 15:00:00",
        },
    ],
    "telephony_calls": [
        {
            "call_id": "call_1",
            "user_id": "usr_0001",
            "direction": "outbound",
            "from_number": "+1 212 555 0199",
            "to_number": "+1 (415) 555-0100",
            "started_at": "2024-02-03 15:00:00",
            "answered_at": "2024-02-03 15:00:10",
            "ended_at": "2024-02-03 15:05:10",
            "duration_seconds": 300,
            "disposition": "connected",
        },
    ],
    "telephony_sms": [
        {
            "sms_id": "sms_1",
            "user_id": "usr_0001",
            "direction": "outbound",
            "from_number": "+12125550199",
            "to_number": "+14155550100",
            "sent_at": "2024-02-04 15:00:00",
            "status": "delivered",
        },
    ],
    "web_sessions": [
        {
            "session_id": "ws_1",
            "anonymous_id": "anon_1",
            "lead_id": "lead_000001",
            "started_at": "2024-01-14 09:00:00",
            "landing_page": "/pricing",
            "utm_source": "google",
            "utm_medium": "cpc",
            "utm_campaign": "brand",
            "pageviews": 4,
        },
    ],
    "sales_goals": [
        {
            "goal_id": "goal_1",
            "scope": "user",
            "scope_id": "usr_0001",
            "metric": "bookings",
            "period_start": "2024-03-01",
            "period_end": "2024-03-31",
            "target_value": "1500.00",
            "currency": "USD",
            "updated_at": "2024-02-25 00:00:00",
        },
    ],
    "nps_responses": [
        {
            "response_id": "nps_1",
            "account_id": "acc_00001",
            "contact_id": "con_000001",
            "score": 9,
            "responded_at": "2024-04-01 12:00:00",
        },
    ],
}


def write_delivery(
    directory: Path,
    tables: dict[str, list[dict]] | None = None,
    fmt: str = "csv",
    loaded_at: str = LOADED,
) -> Path:
    """Write `tables` (default: the minimal valid delivery) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables or TABLES).items():
        rows = [{**row, "_loaded_at": row.get("_loaded_at", loaded_at)} for row in rows]
        # an empty table keeps its header: the columns of the valid delivery
        columns = list(rows[0]) if rows else [*TABLES[name][0], "_loaded_at"]
        if fmt == "csv":
            with open(
                directory / f"{name}.csv", "w", newline="", encoding="utf-8"
            ) as f:
                writer = csv.DictWriter(f, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.table(
                {
                    key: pa.array(
                        [None if r[key] is None else str(r[key]) for r in rows],
                        pa.string(),
                    )
                    for key in columns
                }
            )
            pq.write_table(table, directory / f"{name}.parquet")
    return directory
