"""The bad-input corpus: small broken raw deliveries and the outcome a user must see.

Every case starts from the minimal valid delivery of ``tests/python/raw_fixtures.py`` and
breaks one thing (a table, a column, some rows, or the file itself). Its outcome is
either a clear error that names the table, the column and the rule (from the GX raw check
``sales_warehouse.quality.raw`` and/or the dbt raw-contract hook
``macros/raw/register_raw_sources.sql``), or the rows kept, quarantined or flagged and
counted by the build; never a silent loss, never a bare stack trace.

``tests/python/test_corpus.py`` asserts every case: the GX raw check in-process for each
delivery on its own, and the dbt outcome by building the cases of one `dbt_group` as one
delivery (their changes touch different tables or rows, so they compose) to keep the
number of dbt builds small.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from raw_fixtures import TABLES, write_delivery  # noqa: E402

Tables = dict[str, list[dict]]


@dataclass(frozen=True)
class Case:
    name: str
    problem: str
    raw_format: str
    # changes to the tables before they are written; then to the written files
    mutate: Callable[[Tables], None] = lambda tables: None
    corrupt: Callable[[Path], None] = lambda raw_dir: None
    # GX raw check: substrings of its error lines (none: the check passes) and warnings
    gx_errors: tuple[str, ...] = ()
    gx_warnings: tuple[str, ...] = ()
    # dbt outcome: the group whose build asserts it, and substrings of the hook's error
    dbt_group: str | None = None
    dbt_errors: tuple[str, ...] = ()
    # the files `corrupt` rewrites
    corrupts: tuple[str, ...] = ()
    # environment of the build (e.g. RAW_SOURCES_DISABLED); one per dbt group
    env: tuple[tuple[str, str], ...] = ()

    def tables(self) -> Tables:
        tables = copy.deepcopy(TABLES)
        self.mutate(tables)
        return tables

    def touched_tables(self) -> list[str]:
        """The raw tables this case changes (the others are the valid delivery)."""
        tables = self.tables()
        changed = {
            name
            for name in set(tables) | set(TABLES)
            if tables.get(name) != TABLES.get(name)
        }
        return sorted(changed | set(self.corrupts))

    def write(self, raw_dir: Path) -> Path:
        write_delivery(raw_dir, self.tables(), fmt=self.raw_format)
        self.corrupt(raw_dir)
        return raw_dir


def write_group(cases: list[Case], raw_dir: Path) -> Path:
    """One delivery with the changes of several cases (same format)."""
    formats = {case.raw_format for case in cases}
    assert len(formats) == 1, f"a dbt group mixes formats: {formats}"
    tables = copy.deepcopy(TABLES)
    for case in cases:
        case.mutate(tables)
    write_delivery(raw_dir, tables, fmt=formats.pop())
    for case in cases:
        case.corrupt(raw_dir)
    return raw_dir


def _row(tables: Tables, table: str, index: int = 0, **changes) -> dict:
    """A copy of a row of the valid delivery with some values changed."""
    return {**copy.deepcopy(TABLES[table][index]), **changes}


def _opportunity(tables: Tables, opportunity_id: str, **changes) -> None:
    tables["crm_opportunities"].append(
        _row(
            tables,
            "crm_opportunities",
            opportunity_id=opportunity_id,
            opportunity_name=f"Deal {opportunity_id}",
            **changes,
        )
    )


def _many_opportunities(tables: Tables, count: int, **changes) -> None:
    """A whole export of `count` deals, e.g. all in another timestamp format."""
    tables["crm_opportunities"] = [
        _row(tables, "crm_opportunities", opportunity_id=f"opp_{9000 + i}", **changes)
        for i in range(count)
    ]


# --- changes to the tables ------------------------------------------------------------
def drop_table(tables):
    del tables["telephony_sms"]


def drop_column(tables):
    for row in tables["crm_users"]:
        del row["time_zone"]


def rename_column(tables):
    for row in tables["crm_opportunities"]:
        row["amount_usd"] = row.pop("amount")


def text_in_one_amount(tables):
    tables["crm_opportunity_line_items"].append(
        _row(
            tables,
            "crm_opportunity_line_items",
            line_item_id="li_text",
            total_price="one thousand",
        )
    )


def text_in_every_amount(tables):
    _many_opportunities(tables, 20, amount="1.000,00 EUR")


def write_header_only(raw_dir: Path):
    path = raw_dir / "crm_products.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")


def write_zero_bytes(raw_dir: Path):
    (raw_dir / "nps_responses.csv").write_bytes(b"")


def write_opportunities_header_only(raw_dir: Path):
    path = raw_dir / "crm_opportunities.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")


# A CRM-only company (SPEC §6): no phone system and no web analytics at all (switched
# off, files absent), no email tool, NPS, goals, leads or history (empty tables).
CRM_ONLY_KEEPS = (
    "crm_users",
    "crm_teams",
    "crm_accounts",
    "crm_opportunities",
    "crm_products",
    "crm_opportunity_line_items",
)
SWITCHED_OFF = ("telephony", "web")


def crm_only(tables):
    for name in list(tables):
        if name.startswith(("telephony_", "web_")):
            del tables[name]
        elif name not in CRM_ONLY_KEEPS:
            tables[name] = []


def duplicate_everything(tables):
    for name, rows in tables.items():
        tables[name] = rows + [
            {**row, "_loaded_at": "2026-10-31 13:00:00"} for row in rows
        ]


def unknown_currency(tables):
    _opportunity(tables, "opp_000002", currency="XYZ", amount="500.00")


def other_timestamp_format(tables):
    _many_opportunities(tables, 20, created_at="02/01/2024 10:00 AM")


def timestamps_with_offsets(tables):
    tables["crm_opportunities"][0]["created_at"] = "2024-02-01T12:00:00+02:00"
    tables["telephony_calls"][0]["started_at"] = "2024-02-03T15:00:00Z"


def one_unparseable_timestamp(tables):
    tables["email_events"].append(
        _row(tables, "email_events", event_id="evt_bad", occurred_at="yesterday 3pm")
    )


def future_dated_close(tables):
    _opportunity(
        tables, "opp_000004", close_date="2030-01-15", updated_at="2024-03-20 10:00:00"
    )


def negative_amount(tables):
    _opportunity(tables, "opp_000003", amount="-500.00")


def quoted_commas_and_newlines(tables):
    tables["crm_accounts"][0]["account_name"] = 'Acme, Inc. ("the" company)'
    tables["crm_opportunities"][0]["next_step"] = 'Call back, then\n"demo" on Monday'


def write_latin1(raw_dir: Path):
    path = raw_dir / "crm_accounts.csv"
    text = path.read_text(encoding="utf-8").replace("technology", "Technologie Müller")
    path.write_bytes(text.encode("latin-1"))


def write_ragged_line(raw_dir: Path):
    path = raw_dir / "crm_contacts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(
        lines[1].replace("CTO", "CTO, Founder").replace("con_000001", "con_000002")
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def orphan_references(tables):
    _opportunity(tables, "opp_000005", account_id="acc_99999", owner_user_id="usr_9999")
    tables["telephony_calls"].append(
        _row(tables, "telephony_calls", call_id="call_orphan", user_id="usr_9999")
    )
    tables["crm_meetings"].append(
        _row(
            tables,
            "crm_meetings",
            meeting_id="mtg_orphan",
            contact_id="con_99999",
            opportunity_id="opp_99999",
        )
    )


def team_region_spellings(tables):
    """A region in the delivery's own spelling (a synonym of the seed) and one no seed
    knows: the team's and its reps' goals must survive (global calendar)."""
    tables["crm_teams"][0]["region"] = " AMER "
    tables["crm_teams"].append(
        _row(
            tables,
            "crm_teams",
            team_id="team_02",
            team_name="Moon Base",
            region="Lunar",
        )
    )
    tables["crm_users"].append(
        _row(
            tables,
            "crm_users",
            user_id="usr_0003",
            full_name="Lou Lunar",
            team_id="team_02",
        )
    )
    tables["sales_goals"].append(
        _row(tables, "sales_goals", goal_id="goal_lunar", scope_id="usr_0003")
    )
    tables["sales_goals"].append(
        _row(
            tables,
            "sales_goals",
            goal_id="goal_team_02",
            scope="team",
            scope_id="team_02",
        )
    )


def unknown_time_zone(tables):
    tables["crm_users"][1]["time_zone"] = "Mars/Olympus"


def future_timestamp(tables):
    tables["telephony_calls"].append(
        _row(
            tables,
            "telephony_calls",
            call_id="call_2098",
            started_at="2098-01-02 10:00:00",
            answered_at=None,
            ended_at="2098-01-02 10:01:00",
            duration_seconds=60,
        )
    )


def epoch_zero_timestamp(tables):
    tables["email_messages"].append(
        _row(
            tables,
            "email_messages",
            message_id="msg_1970",
            sent_at="1970-01-01 00:00:00",
        )
    )


def huge_amount(tables):
    _opportunity(tables, "opp_000006", amount="12345678901234567.89")


def spelled_stage_and_status(tables):
    tables["crm_opportunities"][0]["stage_name"] = "Closed Won"
    tables["crm_lead_status_history"][1]["status"] = "Marketing Qualified"


def ordinary_history(tables):
    """Versions as a real CRM exports them: a meeting booked, then its outcome; an
    account edited several times. Not a double load."""
    tables["crm_meetings"] = [
        _row(
            tables,
            "crm_meetings",
            meeting_id=f"mtg_{i}",
            status=status,
            updated_at=updated_at,
        )
        for i in range(10)
        for status, updated_at in (
            ("scheduled", "2024-02-05 10:00:00"),
            ("completed", "2024-02-10 16:00:00"),
        )
    ]
    tables["crm_accounts"] = [
        _row(
            tables,
            "crm_accounts",
            account_id=f"acc_{i:05d}",
            updated_at=f"2024-0{version + 2}-01 10:00:00",
        )
        for i in range(10)
        for version in range(3)
    ]


def null_keys_everywhere(tables):
    tables["web_sessions"] = [
        _row(tables, "web_sessions", session_id=None if i % 2 else f"ws_{i}")
        for i in range(20)
    ]


CASES: list[Case] = [
    Case(
        "missing_table",
        "a raw table is not delivered",
        "csv",
        mutate=drop_table,
        gx_errors=(
            "raw table telephony_sms: the table is missing: no file",
            "(rule: table_present)",
        ),
        dbt_group="contract",
        dbt_errors=(
            "Raw table telephony_sms is missing: no file",
            "rule: every raw table of the contract must be delivered",
        ),
    ),
    Case(
        "missing_column",
        "a required column is not delivered",
        "csv",
        mutate=drop_column,
        gx_errors=(
            "raw table crm_users, column time_zone: required column is missing "
            "(rule: required_columns)",
        ),
        dbt_group="contract",
        dbt_errors=(
            "raw table crm_users, column time_zone: required column is missing "
            "(rule: raw contract, SPEC §2)",
        ),
    ),
    Case(
        "renamed_column",
        "a column arrives under another name",
        "csv",
        mutate=rename_column,
        gx_errors=(
            "raw table crm_opportunities, column amount: required column is "
            "missing (rule: required_columns)",
        ),
        dbt_group="contract",
        dbt_errors=(
            "raw table crm_opportunities, column amount: required column is "
            "missing (rule: raw contract, SPEC §2)",
        ),
    ),
    Case(
        "empty_required_table",
        "a table that must hold rows arrives with a header and no rows",
        "csv",
        corrupt=write_opportunities_header_only,
        corrupts=("crm_opportunities",),
        gx_errors=(
            "raw table crm_opportunities: the table has no rows, and it must "
            "hold rows: observed 0, expected at least 1 "
            "(rule: row_count_positive)",
        ),
        dbt_group="contract",
        dbt_errors=(
            "raw table crm_opportunities: the table has no rows (rule: "
            "crm_accounts, crm_opportunities, crm_users must hold rows; any "
            "other table may be empty)",
        ),
    ),
    Case(
        "empty_table",
        "an optional table with a header and no rows (SPEC §6)",
        "csv",
        corrupt=write_header_only,
        corrupts=("crm_products",),
        dbt_group="optional",
        env=(("RAW_SOURCES_DISABLED", ",".join(SWITCHED_OFF)),),
    ),
    Case(
        "empty_file",
        "an optional table as a zero-byte file (no header, no rows)",
        "csv",
        corrupt=write_zero_bytes,
        corrupts=("nps_responses",),
        dbt_group="optional",
        env=(("RAW_SOURCES_DISABLED", ",".join(SWITCHED_OFF)),),
    ),
    Case(
        "crm_only",
        "a company with only a CRM: no phone system or web analytics "
        "(switched off, no files), every other optional table empty",
        "csv",
        mutate=crm_only,
        dbt_group="optional",
        env=(("RAW_SOURCES_DISABLED", ",".join(SWITCHED_OFF)),),
    ),
    Case(
        "non_utf8_csv",
        "a CSV encoded in Latin-1",
        "csv",
        corrupt=write_latin1,
        corrupts=("crm_accounts",),
        gx_errors=(
            "raw table crm_accounts, column industry: file ",
            "crm_accounts.csv, line 2: invalid encoding",
            "(rule: csv_encoding)",
        ),
        dbt_group="contract",
        dbt_errors=(
            "raw table crm_accounts, column industry: file ",
            "crm_accounts.csv, line 2: not valid utf-8 (rule: raw CSV files "
            "are UTF-8; re-export the file as UTF-8 or set RAW_CSV_ENCODING",
        ),
    ),
    Case(
        "ragged_csv_line",
        "a CSV line with an unquoted comma (one field too many)",
        "csv",
        corrupt=write_ragged_line,
        corrupts=("crm_contacts",),
        gx_errors=(
            "raw table crm_contacts: file ",
            "crm_contacts.csv, line 3: too many columns: Expected Number of "
            "Columns: 10 Found: 11",
            "(rule: csv_format)",
        ),
        dbt_group="contract",
        dbt_errors=(
            "raw table crm_contacts: file ",
            "crm_contacts.csv, line 3: too many columns, Expected Number of "
            "Columns: 10 Found: 11 (rule: a raw CSV is comma-separated",
        ),
    ),
    Case(
        "text_in_every_amount",
        "a whole export with text in the amount column",
        "parquet",
        mutate=text_in_every_amount,
        gx_errors=(
            "raw table crm_opportunities, column amount: 20 of 20 values "
            "(100.0%) are not parseable as decimal",
            "(rule: parseable_decimal)",
        ),
    ),
    Case(
        "other_timestamp_format",
        "a whole export with US-style timestamps",
        "parquet",
        mutate=other_timestamp_format,
        gx_errors=(
            "raw table crm_opportunities, column created_at: 20 of 20 values "
            "(100.0%) are not parseable as timestamp",
            "e.g. '02/01/2024 10:00 AM'",
            "(rule: parseable_timestamp)",
        ),
    ),
    Case(
        "null_keys_everywhere",
        "half of the keys of a table are null",
        "parquet",
        mutate=null_keys_everywhere,
        gx_errors=(
            "raw table web_sessions, column session_id: 10 of 20 values "
            "(50.0%) are null keys; at most 25.0% allowed (rule: key_null_rate)",
        ),
    ),
    Case(
        "quoted_commas_and_newlines",
        "CSV fields with commas, quotes and line breaks (quoted)",
        "csv",
        mutate=quoted_commas_and_newlines,
        dbt_group="values",
    ),
    Case(
        "timestamps_with_offsets",
        "timestamps with a UTC offset or Z",
        "csv",
        mutate=timestamps_with_offsets,
        dbt_group="values",
    ),
    Case(
        "unknown_currency",
        "a deal in a currency the FX seed does not know",
        "csv",
        mutate=unknown_currency,
        dbt_group="values",
    ),
    Case(
        "future_dated_close",
        "a closed deal whose close date is in the future",
        "csv",
        mutate=future_dated_close,
        dbt_group="values",
        gx_warnings=(
            "raw table crm_opportunities, column close_date: 1 of 2 values "
            "(50.0%) are closed deals whose close date lies after the "
            "delivery (_loaded_at), e.g. 1,172 days after the delivery "
            "(rule: closed_deal_close_date_not_after_load, warning)",
        ),
    ),
    Case(
        "text_in_one_amount",
        "text in one amount (one bad row)",
        "csv",
        mutate=text_in_one_amount,
        dbt_group="values",
    ),
    Case(
        "negative_amount",
        "a negative deal amount",
        "csv",
        mutate=negative_amount,
        dbt_group="values",
    ),
    Case(
        "one_unparseable_timestamp",
        "one event with an unparseable timestamp",
        "csv",
        mutate=one_unparseable_timestamp,
        dbt_group="values",
    ),
    Case(
        "orphan_references",
        "a deal, a call and a meeting pointing to no record",
        "csv",
        mutate=orphan_references,
        dbt_group="values",
    ),
    Case(
        "team_region_spellings",
        "a team region spelled 'AMER' and one no seed knows, with goals",
        "csv",
        mutate=team_region_spellings,
        dbt_group="values",
    ),
    Case(
        "unknown_time_zone",
        "a rep whose time zone is 'Mars/Olympus'",
        "csv",
        mutate=unknown_time_zone,
        dbt_group="values",
    ),
    Case(
        "future_timestamp",
        "one call started in 2098",
        "csv",
        mutate=future_timestamp,
        dbt_group="values",
    ),
    Case(
        "epoch_zero_timestamp",
        "one email sent at 1970-01-01 00:00",
        "csv",
        mutate=epoch_zero_timestamp,
        dbt_group="values",
    ),
    Case(
        "huge_amount",
        "a deal of 12,345,678,901,234,567.89",
        "csv",
        mutate=huge_amount,
        dbt_group="values",
    ),
    Case(
        "spelled_stage_and_status",
        "a stage 'Closed Won' and a lead status "
        "'Marketing Qualified' (the CRM's own spellings)",
        "csv",
        mutate=spelled_stage_and_status,
        dbt_group="values",
    ),
    Case(
        "ordinary_history",
        "meetings booked then completed, accounts edited three "
        "times: versions, not a double load",
        "parquet",
        mutate=ordinary_history,
        dbt_group="history",
    ),
    Case(
        "duplicate_keys_everywhere",
        "every row of every table delivered twice",
        "parquet",
        mutate=duplicate_everything,
        dbt_group="duplicates",
        gx_warnings=tuple(
            f"raw table {table}, column {key}: share of distinct key values"
            for table, key in [
                ("crm_users", "user_id"),
                ("telephony_calls", "call_id"),
                ("crm_opportunities", "opportunity_id"),
            ]
        ),
    ),
]

CASES_BY_NAME = {case.name: case for case in CASES}


def group(name: str) -> list[Case]:
    return [case for case in CASES if case.dbt_group == name]
