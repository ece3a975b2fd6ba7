"""The bad-input corpus (tests/corpus/cases.py): every broken delivery ends in a clear
message naming table, column and rule, or in rows kept, quarantined or flagged and
counted; never a silent loss, never a bare stack trace (SPEC §2, §4).

The GX raw check runs in-process on each delivery; dbt builds the cases of one group as
one delivery: 3 dbt invocations in all (`contract` stops in the raw-contract hook,
`values` and `duplicates` build what the assertions read)."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from pathlib import Path

import pytest

from conftest import REPO, Warehouse, dbt
from raw_fixtures import TABLES, write_delivery

sys.path.insert(0, str(REPO))

from tests.corpus.cases import CASES, CASES_BY_NAME, group, write_group  # noqa: E402

from sales_warehouse.quality import validate_raw  # noqa: E402

ISSUE_PROBLEMS = [
    "missing_table", "missing_column", "renamed_column", "text_in_one_amount",
    "text_in_every_amount", "empty_table", "duplicate_keys_everywhere",
    "unknown_currency", "other_timestamp_format", "timestamps_with_offsets",
    "future_dated_close", "negative_amount", "quoted_commas_and_newlines",
    "non_utf8_csv", "orphan_references",
]


def test_the_corpus_covers_every_problem_of_the_issue():
    assert len(CASES) >= 12
    assert set(ISSUE_PROBLEMS) <= set(CASES_BY_NAME)
    for case in CASES:
        assert case.gx_errors or case.dbt_group, f"{case.name} asserts no outcome"


# --------------------------------------------------------------------------------------
# GX raw check, one delivery per case
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw_format", ["csv", "parquet"])
def test_gx_raw_check_passes_the_valid_delivery(raw_format, tmp_path):
    report = validate_raw(write_delivery(tmp_path / "raw", fmt=raw_format), raw_format,
                          build_dir=None, docs=False)
    assert report.ok and not report.findings, report.messages()
    assert report.suites == len(TABLES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_gx_raw_check(case, tmp_path):
    """The check on the tables the case changes (the rest is the valid delivery)."""
    raw_dir = case.write(tmp_path / "raw")
    report = validate_raw(raw_dir, case.raw_format, build_dir=None, docs=False,
                          tables=case.touched_tables())
    errors = "\n".join(str(f) for f in report.errors)
    warnings = "\n".join(str(f) for f in report.warnings)
    if case.gx_errors:
        assert not report.ok, f"{case.name}: the GX raw check let it through"
        for text in case.gx_errors:
            assert text in errors, f"{case.name}: {text!r} not in\n{errors}"
    else:
        assert report.ok, f"{case.name}: unexpected errors\n{errors}"
    for text in case.gx_warnings:
        assert text in warnings, f"{case.name}: {text!r} not in\n{warnings}"
    if not case.gx_warnings:
        assert not report.warnings, f"{case.name}: unexpected warnings\n{warnings}"
    for finding in report.findings:  # every message names its table and its rule
        assert str(finding).startswith("raw table ") and "(rule: " in str(finding)


def test_gx_raw_check_reads_a_latin1_csv_when_told(tmp_path, monkeypatch):
    raw_dir = CASES_BY_NAME["non_utf8_csv"].write(tmp_path / "raw")
    monkeypatch.setenv("RAW_CSV_ENCODING", "latin-1")
    assert validate_raw(raw_dir, "csv", build_dir=None, docs=False).ok


# --------------------------------------------------------------------------------------
# dbt outcome, one build per group
# --------------------------------------------------------------------------------------
# What the assertions read, with everything upstream and the tests on it: half the
# time of a whole build.
SELECTION = ["+audit_row_counts", "+audit_quarantined_rows", "+dim_accounts",
             "+fct_opportunities", "+fct_opportunity_outcomes_monthly", "+fct_activities"]


def build_group(name: str, work_dir: Path) -> Warehouse:
    cases = group(name)
    raw_format = cases[0].raw_format
    raw_dir = write_group(cases, work_dir / "raw")
    db_path = work_dir / "warehouse.duckdb"
    run = dbt(["build", "--select", *SELECTION, "--indirect-selection", "cautious"],
              raw_dir=raw_dir, db_path=db_path, raw_format=raw_format, work_dir=work_dir)
    return Warehouse(raw_dir, db_path, raw_format, run)


def delivered_rows(cases) -> dict[str, int]:
    tables = copy.deepcopy(TABLES)
    for case in cases:
        case.mutate(tables)
    return {name: len(rows) for name, rows in tables.items()}


def row_audit(warehouse: Warehouse, cases) -> dict[str, tuple]:
    """Per raw table (raw, staged, superseded, soft-deleted, quarantined) rows, after
    checking that every delivered row is accounted for."""
    audit = {row[0]: row[1:] for row in warehouse.query(
        "select raw_table, raw_rows, staged_rows, superseded_rows, soft_deleted_rows, "
        "quarantined_rows, unaccounted_rows from audit.audit_row_counts")}
    assert {table: counts[0] for table, counts in audit.items()} == delivered_rows(cases)
    assert all(counts[-1] == 0 for counts in audit.values()), audit
    return {table: counts[:-1] for table, counts in audit.items()}


@pytest.fixture(scope="module")
def values_build(tmp_path_factory) -> Warehouse:
    warehouse = build_group("values", tmp_path_factory.mktemp("corpus_values"))
    assert warehouse.build.returncode == 0, warehouse.build.output[-5000:]
    return warehouse


@pytest.fixture(scope="module")
def duplicates_build(tmp_path_factory) -> Warehouse:
    warehouse = build_group("duplicates", tmp_path_factory.mktemp("corpus_duplicates"))
    assert warehouse.build.returncode == 0, warehouse.build.output[-5000:]
    return warehouse


def test_dbt_stops_a_broken_contract_naming_table_column_and_rule(tmp_path):
    run = build_group("contract", tmp_path).build
    assert run.returncode != 0
    assert "The raw delivery breaks the raw data contract:" in run.output
    assert "Traceback" not in run.output
    for case in group("contract"):
        for text in case.dbt_errors:
            assert text in run.output, f"{case.name}: {text!r} not in\n{run.output[-5000:]}"
    problems = [line for line in run.output.splitlines() if line.strip().startswith("- ")]
    assert len(problems) == len(group("contract")), "\n".join(problems)


def test_dbt_accounts_for_every_row_of_a_messy_delivery(values_build):
    audit = row_audit(values_build, group("values"))
    assert sum(counts[4] for counts in audit.values()) == 3  # the three bad rows


def test_quoted_commas_quotes_and_line_breaks_arrive_intact(values_build):
    assert values_build.query("select account_name from marts.dim_accounts "
                              "where account_id = 'acc_00001'") == [
        ('Acme, Inc. ("the" company)',)]
    assert values_build.query("select next_step from marts.fct_opportunities "
                              "where opportunity_id = 'opp_000001'") == [
        ('Call back, then\n"demo" on Monday',)]


def test_timestamps_with_offsets_are_converted_to_utc(values_build):
    assert values_build.query("select created_at from staging.stg_crm__opportunities "
                              "where opportunity_id = 'opp_000001'") == [
        (dt.datetime(2024, 2, 1, 10, 0),)]
    assert values_build.query("select started_at from staging.stg_telephony__calls "
                              "where call_id = 'call_1'") == [
        (dt.datetime(2024, 2, 3, 15, 0),)]


def test_an_unknown_currency_is_kept_and_flagged_never_zeroed(values_build):
    assert values_build.query(
        "select amount, amount_local, currency, is_fx_rate_missing "
        "from marts.fct_opportunities where opportunity_id = 'opp_000002'") == [
        (None, 500, "XYZ", True)]


def test_a_future_dated_close_is_kept_after_the_raw_check_warned(values_build):
    assert values_build.query("select close_date, is_won from marts.fct_opportunities "
                              "where opportunity_id = 'opp_000004'") == [
        (dt.date(2030, 1, 15), True)]


def test_bad_rows_are_quarantined_with_table_column_and_rule(values_build):
    assert set(values_build.query(
        "select raw_table, record_key, quarantine_column, quarantine_rule "
        "from audit.audit_quarantined_rows")) == {
        ("crm_opportunity_line_items", "li_text", "total_price", "unparseable_decimal"),
        ("crm_opportunities", "opp_000003", "amount", "negative_amount"),
        ("email_events", "evt_bad", "occurred_at", "unparseable_timestamp"),
    }


def test_orphans_stay_attached_to_the_unknown_member(values_build):
    assert values_build.query(
        "select account_id, owner_rep_id from marts.fct_opportunities "
        "where opportunity_id = 'opp_000005'") == [("unknown", "unknown")]
    assert values_build.query("select rep_id from marts.fct_activities "
                              "where source_record_id = 'call_orphan'") == [("unknown",)]
    assert values_build.query("select count(*) from marts.fct_activities "
                              "where source_record_id = 'mtg_orphan'") == [(1,)]


def test_records_delivered_twice_keep_one_version(duplicates_build):
    audit = row_audit(duplicates_build, group("duplicates"))
    for table, (raw, staged, superseded, deleted, quarantined) in audit.items():
        assert superseded == raw // 2, (table, audit[table])  # one copy of each row
        assert staged + deleted + quarantined == raw // 2, (table, audit[table])
    assert duplicates_build.query("select count(*) from marts.fct_opportunities") == [(1,)]
    assert duplicates_build.query(
        "select count(*), sum(won_opportunities) "
        "from marts.fct_opportunity_outcomes_monthly where won_opportunities > 0") == [
        (1, 1)]
