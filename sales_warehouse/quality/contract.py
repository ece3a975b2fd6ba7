"""The raw data contract (SPEC §2) as the quality checks read it.

One list: the tables and their required columns come from the dbt source YAML files
(``models/staging/*/_*__sources.yml``), the same list the dbt raw-contract hook
(``macros/raw/register_raw_sources.sql``) checks. The key columns and their allowed null
share come from the sources' ``null_share_at_most`` tests. Only what the YAML cannot say
lives here: the logical type of the key timestamp, date and amount columns (checked for
parseability) and the CSV dialect (shared with the hook).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

LOADED_AT = "_loaded_at"

# Key typed columns per raw table: a share of unparseable values above the tolerance
# means a broken export (another timestamp format, text in an amount), not a few bad rows
# for the quarantine. `_loaded_at` (timestamp) is checked for every table.
TYPED_COLUMNS: dict[str, dict[str, str]] = {
    "crm_users": {"hired_at": "timestamp", "updated_at": "timestamp"},
    "crm_teams": {"updated_at": "timestamp"},
    "crm_accounts": {"created_at": "timestamp", "updated_at": "timestamp"},
    "crm_contacts": {"created_at": "timestamp", "updated_at": "timestamp"},
    "crm_leads": {"created_at": "timestamp", "updated_at": "timestamp"},
    "crm_lead_status_history": {"changed_at": "timestamp"},
    "crm_opportunities": {
        "amount": "decimal", "created_at": "timestamp", "close_date": "date",
        "updated_at": "timestamp",
    },
    "crm_opportunity_stage_history": {"amount": "decimal", "changed_at": "timestamp"},
    "crm_products": {"list_price": "decimal", "updated_at": "timestamp"},
    "crm_opportunity_line_items": {
        "unit_price": "decimal", "total_price": "decimal", "updated_at": "timestamp",
    },
    "crm_meetings": {
        "scheduled_start": "timestamp", "scheduled_end": "timestamp",
        "created_at": "timestamp", "updated_at": "timestamp",
    },
    "email_messages": {"sent_at": "timestamp"},
    "email_events": {"occurred_at": "timestamp"},
    "telephony_calls": {
        "started_at": "timestamp", "answered_at": "timestamp", "ended_at": "timestamp",
    },
    "telephony_sms": {"sent_at": "timestamp"},
    "web_sessions": {"started_at": "timestamp"},
    "sales_goals": {
        "period_start": "date", "period_end": "date", "target_value": "decimal",
        "updated_at": "timestamp",
    },
    "nps_responses": {"responded_at": "timestamp"},
}

# What staging's parser (DuckDB try_cast, see macros/staging/parse_*.sql) accepts, as
# regular expressions GX can show in Data Docs: ISO-8601 dates and timestamps, with an
# optional UTC offset; plain decimals.
PARSEABLE = {
    "timestamp": (r"^\s*\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?"
                  r"\s*(Z|UTC|[+-]\d{2}(:?\d{2})?)?\s*$"),
    "date": r"^\s*\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*$",
    "decimal": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$",
}

# The CSV dialect of a raw delivery: RFC 4180 (comma-separated, fields with commas,
# quotes or newlines double-quoted, quotes doubled), a header row, every column read as
# text. The dbt hook uses the same options; RAW_CSV_ENCODING (default utf-8; DuckDB also
# reads utf-16 and latin-1) names the file encoding.
def csv_options() -> str:
    encoding = os.environ.get("RAW_CSV_ENCODING", "utf-8").strip().lower() or "utf-8"
    return ("header = true, all_varchar = true, delim = ',', quote = '\"', "
            f"escape = '\"', encoding = '{encoding}'")


@dataclass(frozen=True)
class RawTable:
    """One raw table of the contract."""

    name: str
    source: str
    columns: tuple[str, ...]
    # key column -> (max null share, rows always allowed), as the dbt source test says
    key_null_share: dict[str, tuple[float, int]] = field(default_factory=dict)
    # `meta: {required: true}`: must hold rows (SPEC §6); any other table may be empty
    required: bool = False

    @property
    def required_columns(self) -> tuple[str, ...]:
        return (*self.columns, LOADED_AT)

    @property
    def typed_columns(self) -> dict[str, str]:
        return {**TYPED_COLUMNS.get(self.name, {}), LOADED_AT: "timestamp"}


def source_yaml_files(project_dir: Path | None = None) -> list[Path]:
    root = Path(project_dir or os.environ.get("DBT_PROJECT_DIR") or REPO)
    return sorted(root.glob("models/staging/*/_*__sources.yml"))


def load_contract(project_dir: Path | None = None) -> dict[str, RawTable]:
    """Every raw table declared in the dbt source YAML files, by name."""
    tables: dict[str, RawTable] = {}
    for path in source_yaml_files(project_dir):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources", []):
            for table in source.get("tables", []):
                name = table.get("identifier") or table["name"]
                columns = tuple(c["name"] for c in table.get("columns", []))
                tables[name] = RawTable(name, source["name"], columns,
                                        _key_null_shares(table),
                                        bool((table.get("meta") or {}).get("required")))
    if not tables:
        raise RuntimeError("no raw tables found in models/staging/*/_*__sources.yml")
    return dict(sorted(tables.items()))


def disabled_sources(contract: dict[str, RawTable]) -> set[str]:
    """The source systems switched off by RAW_SOURCES_DISABLED (comma-separated source
    names), as the dbt hook reads it; their tables may be absent (SPEC §6)."""
    names = {n.strip().lower()
             for n in os.environ.get("RAW_SOURCES_DISABLED", "").split(",") if n.strip()}
    known = sorted({table.source for table in contract.values()})
    unknown = sorted(names - set(known))
    if unknown:
        raise ValueError(f"RAW_SOURCES_DISABLED names '{unknown[0]}', which is not a "
                         f"source system (rule: one of {', '.join(known)})")
    return names


def _key_null_shares(table: dict) -> dict[str, tuple[float, int]]:
    """Key columns: those with a `null_share_at_most` source test (its default
    allowed_rows is 5, see tests/generic/null_share_at_most.sql)."""
    shares = {}
    for column in table.get("columns", []):
        for test in column.get("data_tests", []) or []:
            if isinstance(test, dict) and "null_share_at_most" in test:
                arguments = test["null_share_at_most"].get("arguments", {})
                shares[column["name"]] = (float(arguments.get("max_share", 0.0)),
                                          int(arguments.get("allowed_rows", 5)))
    return shares
