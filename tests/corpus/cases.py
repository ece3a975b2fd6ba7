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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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

    def tables(self) -> Tables:
        tables = copy.deepcopy(TABLES)
        self.mutate(tables)
        return tables

    def touched_tables(self) -> list[str]:
        """The raw tables this case changes (the others are the valid delivery)."""
        tables = self.tables()
        changed = {name for name in set(tables) | set(TABLES)
                   if tables.get(name) != TABLES.get(name)}
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
        _row(tables, "crm_opportunities", opportunity_id=opportunity_id,
             opportunity_name=f"Deal {opportunity_id}", **changes))


def _many_opportunities(tables: Tables, count: int, **changes) -> None:
    """A whole export of `count` deals, e.g. all in another timestamp format."""
    tables["crm_opportunities"] = [
        _row(tables, "crm_opportunities", opportunity_id=f"opp_{9000 + i}", **changes)
        for i in range(count)]


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
        _row(tables, "crm_opportunity_line_items", line_item_id="li_text",
             total_price="one thousand"))


def text_in_every_amount(tables):
    _many_opportunities(tables, 20, amount="1.000,00 EUR")


def write_header_only(raw_dir: Path):
    path = raw_dir / "crm_products.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")


def write_zero_bytes(raw_dir: Path):
    (raw_dir / "nps_responses.csv").write_bytes(b"")


def duplicate_everything(tables):
    for name, rows in tables.items():
        tables[name] = rows + [{**row, "_loaded_at": "2026-10-31 13:00:00"}
                               for row in rows]


def unknown_currency(tables):
    _opportunity(tables, "opp_000002", currency="XYZ", amount="500.00")


def other_timestamp_format(tables):
    _many_opportunities(tables, 20, created_at="02/01/2024 10:00 AM")


def timestamps_with_offsets(tables):
    tables["crm_opportunities"][0]["created_at"] = "2024-02-01T12:00:00+02:00"
    tables["telephony_calls"][0]["started_at"] = "2024-02-03T15:00:00Z"


def one_unparseable_timestamp(tables):
    tables["email_events"].append(
        _row(tables, "email_events", event_id="evt_bad", occurred_at="yesterday 3pm"))


def future_dated_close(tables):
    _opportunity(tables, "opp_000004", close_date="2030-01-15",
                 updated_at="2024-03-20 10:00:00")


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
    lines.append(lines[1].replace("CTO", "CTO, Founder").replace("con_000001",
                                                                 "con_000002"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def orphan_references(tables):
    _opportunity(tables, "opp_000005", account_id="acc_99999", owner_user_id="usr_9999")
    tables["telephony_calls"].append(
        _row(tables, "telephony_calls", call_id="call_orphan", user_id="usr_9999"))
    tables["crm_meetings"].append(
        _row(tables, "crm_meetings", meeting_id="mtg_orphan", contact_id="con_99999",
             opportunity_id="opp_99999"))


def null_keys_everywhere(tables):
    tables["web_sessions"] = [
        _row(tables, "web_sessions", session_id=None if i % 2 else f"ws_{i}")
        for i in range(20)]


CASES: list[Case] = [
    Case("missing_table", "a raw table is not delivered", "csv", mutate=drop_table,
         gx_errors=("raw table telephony_sms: the table is missing: no file",
                    "(rule: table_present)"),
         dbt_group="contract",
         dbt_errors=("Raw table telephony_sms is missing: no file",
                     "rule: every raw table of the contract must be delivered")),
    Case("missing_column", "a required column is not delivered", "csv",
         mutate=drop_column,
         gx_errors=("raw table crm_users, column time_zone: required column is missing "
                    "(rule: required_columns)",),
         dbt_group="contract",
         dbt_errors=("raw table crm_users, column time_zone: required column is missing "
                     "(rule: raw contract, SPEC §2)",)),
    Case("renamed_column", "a column arrives under another name", "csv",
         mutate=rename_column,
         gx_errors=("raw table crm_opportunities, column amount: required column is "
                    "missing (rule: required_columns)",),
         dbt_group="contract",
         dbt_errors=("raw table crm_opportunities, column amount: required column is "
                     "missing (rule: raw contract, SPEC §2)",)),
    Case("empty_table", "a table with a header and no rows", "csv",
         corrupt=write_header_only, corrupts=("crm_products",),
         gx_errors=("raw table crm_products: the table has no rows: observed 0, "
                    "expected at least 1 (rule: row_count_positive)",),
         dbt_group="contract",
         dbt_errors=("raw table crm_products: the table has no rows (rule: every raw "
                     "table of the contract must have at least one row)",)),
    Case("empty_file", "a zero-byte file (no header, no rows)", "csv",
         corrupt=write_zero_bytes, corrupts=("nps_responses",),
         gx_errors=("raw table nps_responses: the table is empty (no header, no rows) "
                    "(rule: row_count_positive)",),
         dbt_group="contract",
         dbt_errors=("raw table nps_responses: the table has no rows",)),
    Case("non_utf8_csv", "a CSV encoded in Latin-1", "csv", corrupt=write_latin1,
         corrupts=("crm_accounts",),
         gx_errors=("raw table crm_accounts, column industry: file ",
                    "crm_accounts.csv, line 2: invalid encoding",
                    "(rule: csv_encoding)"),
         dbt_group="contract",
         dbt_errors=("raw table crm_accounts, column industry: file ",
                     "crm_accounts.csv, line 2: not valid utf-8 (rule: raw CSV files "
                     "are UTF-8; re-export the file as UTF-8 or set RAW_CSV_ENCODING")),
    Case("ragged_csv_line", "a CSV line with an unquoted comma (one field too many)",
         "csv", corrupt=write_ragged_line, corrupts=("crm_contacts",),
         gx_errors=("raw table crm_contacts: file ",
                    "crm_contacts.csv, line 3: too many columns: Expected Number of "
                    "Columns: 10 Found: 11", "(rule: csv_format)"),
         dbt_group="contract",
         dbt_errors=("raw table crm_contacts: file ",
                     "crm_contacts.csv, line 3: too many columns, Expected Number of "
                     "Columns: 10 Found: 11 (rule: a raw CSV is comma-separated",)),
    Case("text_in_every_amount", "a whole export with text in the amount column",
         "parquet", mutate=text_in_every_amount,
         gx_errors=("raw table crm_opportunities, column amount: 20 of 20 values "
                    "(100.0%) are not parseable as decimal",
                    "(rule: parseable_decimal)")),
    Case("other_timestamp_format", "a whole export with US-style timestamps",
         "parquet", mutate=other_timestamp_format,
         gx_errors=("raw table crm_opportunities, column created_at: 20 of 20 values "
                    "(100.0%) are not parseable as timestamp",
                    "e.g. '02/01/2024 10:00 AM'", "(rule: parseable_timestamp)")),
    Case("null_keys_everywhere", "half of the keys of a table are null", "parquet",
         mutate=null_keys_everywhere,
         gx_errors=("raw table web_sessions, column session_id: 10 of 20 values "
                    "(50.0%) are null keys; at most 25.0% allowed (rule: key_null_rate)",
                    )),
    Case("quoted_commas_and_newlines",
         "CSV fields with commas, quotes and line breaks (quoted)", "csv",
         mutate=quoted_commas_and_newlines, dbt_group="values"),
    Case("timestamps_with_offsets", "timestamps with a UTC offset or Z", "csv",
         mutate=timestamps_with_offsets, dbt_group="values"),
    Case("unknown_currency", "a deal in a currency the FX seed does not know", "csv",
         mutate=unknown_currency, dbt_group="values"),
    Case("future_dated_close", "a closed deal whose close date is in the future",
         "csv", mutate=future_dated_close, dbt_group="values",
         gx_warnings=("raw table crm_opportunities, column close_date: 1 of 2 values "
                      "(50.0%) are closed deals whose close date lies after the "
                      "delivery (_loaded_at), e.g. 1,172 days after the delivery "
                      "(rule: closed_deal_close_date_not_after_load, warning)",)),
    Case("text_in_one_amount", "text in one amount (one bad row)", "csv",
         mutate=text_in_one_amount, dbt_group="values"),
    Case("negative_amount", "a negative deal amount", "csv",
         mutate=negative_amount, dbt_group="values"),
    Case("one_unparseable_timestamp", "one event with an unparseable timestamp",
         "csv", mutate=one_unparseable_timestamp, dbt_group="values"),
    Case("orphan_references", "a deal, a call and a meeting pointing to no record",
         "csv", mutate=orphan_references, dbt_group="values"),
    Case("duplicate_keys_everywhere", "every row of every table delivered twice",
         "parquet", mutate=duplicate_everything, dbt_group="duplicates",
         gx_warnings=tuple(
             f"raw table {table}, column {key}: share of distinct key values"
             for table, key in [("crm_users", "user_id"), ("telephony_calls", "call_id"),
                                ("crm_opportunities", "opportunity_id")])),
]

CASES_BY_NAME = {case.name: case for case in CASES}


def group(name: str) -> list[Case]:
    return [case for case in CASES if case.dbt_group == name]
