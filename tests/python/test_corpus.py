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

from sales_warehouse.quality import validate_raw  # noqa: E402
from tests.corpus.cases import CASES, CASES_BY_NAME, group, write_group  # noqa: E402

ISSUE_PROBLEMS = [
    "missing_table",
    "missing_column",
    "renamed_column",
    "text_in_one_amount",
    "text_in_every_amount",
    "empty_table",
    "duplicate_keys_everywhere",
    "unknown_currency",
    "other_timestamp_format",
    "timestamps_with_offsets",
    "future_dated_close",
    "negative_amount",
    "quoted_commas_and_newlines",
    "non_utf8_csv",
    "orphan_references",
    # real deliveries (SPEC §6)
    "crm_only",
    "empty_file",
    "empty_required_table",
    "team_region_spellings",
    "future_timestamp",
    "huge_amount",
    "unknown_time_zone",
    "ordinary_history",
    "spelled_stage_and_status",
    "epoch_zero_timestamp",
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
    report = validate_raw(
        write_delivery(tmp_path / "raw", fmt=raw_format),
        raw_format,
        build_dir=None,
        docs=False,
    )
    assert report.ok and not report.findings, report.messages()
    assert report.suites == len(TABLES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_gx_raw_check(case, tmp_path, monkeypatch):
    """The check on the tables the case changes (the rest is the valid delivery)."""
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    raw_dir = case.write(tmp_path / "raw")
    report = validate_raw(
        raw_dir,
        case.raw_format,
        build_dir=None,
        docs=False,
        tables=case.touched_tables(),
    )
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
SELECTION = [
    "+audit_row_counts",
    "+audit_quarantined_rows",
    "+dim_accounts",
    "+fct_opportunities",
    "+fct_opportunity_outcomes_monthly",
    "+fct_activities",
    "+fct_goal_attainment_daily",
    "+fct_goal_attainment",
    "+dim_date",
    "+audit_categorical_fallbacks",
    "+fct_leads",
]


def build_group(name: str, work_dir: Path, selection=SELECTION) -> Warehouse:
    cases = group(name)
    raw_format = cases[0].raw_format
    raw_dir = write_group(cases, work_dir / "raw")
    db_path = work_dir / "warehouse.duckdb"
    env = dict(pair for case in cases for pair in case.env)
    select = ["--select", *selection] if selection else []
    run = dbt(
        ["build", *select, "--indirect-selection", "cautious"],
        raw_dir=raw_dir,
        db_path=db_path,
        raw_format=raw_format,
        work_dir=work_dir,
        extra_env=env,
    )
    return Warehouse(raw_dir, db_path, raw_format, run)


def delivered_rows(cases) -> dict[str, int]:
    tables = copy.deepcopy(TABLES)
    for case in cases:
        case.mutate(tables)
    return {name: len(rows) for name, rows in tables.items()}


def row_audit(warehouse: Warehouse, cases) -> dict[str, tuple]:
    """Per raw table (raw, staged, superseded, soft-deleted, quarantined) rows, after
    checking that every delivered row is accounted for."""
    audit = {
        row[0]: row[1:]
        for row in warehouse.query(
            "select raw_table, raw_rows, staged_rows, superseded_rows, soft_deleted_rows, "
            "quarantined_rows, unaccounted_rows from audit.audit_row_counts"
        )
    }
    assert {table: counts[0] for table, counts in audit.items()} == delivered_rows(
        cases
    )
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
            assert text in run.output, (
                f"{case.name}: {text!r} not in\n{run.output[-5000:]}"
            )
    problems = [
        line for line in run.output.splitlines() if line.strip().startswith("- ")
    ]
    assert len(problems) == len(group("contract")), "\n".join(problems)


def test_dbt_accounts_for_every_row_of_a_messy_delivery(values_build):
    audit = row_audit(values_build, group("values"))
    assert sum(counts[4] for counts in audit.values()) == 6  # the six bad rows


def test_quoted_commas_quotes_and_line_breaks_arrive_intact(values_build):
    assert values_build.query(
        "select account_name from marts.dim_accounts where account_id = 'acc_00001'"
    ) == [('Acme, Inc. ("the" company)',)]
    assert values_build.query(
        "select next_step from marts.fct_opportunities "
        "where opportunity_id = 'opp_000001'"
    ) == [('Call back, then\n"demo" on Monday',)]


def test_timestamps_with_offsets_are_converted_to_utc(values_build):
    assert values_build.query(
        "select created_at from staging.stg_crm__opportunities "
        "where opportunity_id = 'opp_000001'"
    ) == [(dt.datetime(2024, 2, 1, 10, 0),)]
    assert values_build.query(
        "select started_at from staging.stg_telephony__calls where call_id = 'call_1'"
    ) == [(dt.datetime(2024, 2, 3, 15, 0),)]


def test_an_unknown_currency_is_kept_and_flagged_never_zeroed(values_build):
    assert values_build.query(
        "select amount, amount_local, currency, is_fx_rate_missing "
        "from marts.fct_opportunities where opportunity_id = 'opp_000002'"
    ) == [(None, 500, "XYZ", True)]


def test_a_future_dated_close_is_kept_after_the_raw_check_warned(values_build):
    assert values_build.query(
        "select close_date, is_won from marts.fct_opportunities "
        "where opportunity_id = 'opp_000004'"
    ) == [(dt.date(2030, 1, 15), True)]


def test_bad_rows_are_quarantined_with_table_column_and_rule(values_build):
    assert set(
        values_build.query(
            "select raw_table, record_key, quarantine_column, quarantine_rule "
            "from audit.audit_quarantined_rows"
        )
    ) == {
        ("crm_opportunity_line_items", "li_text", "total_price", "unparseable_decimal"),
        ("crm_opportunities", "opp_000003", "amount", "negative_amount"),
        ("email_events", "evt_bad", "occurred_at", "unparseable_timestamp"),
        ("telephony_calls", "call_2098", "started_at", "after_load_time"),
        ("email_messages", "msg_1970", "sent_at", "before_min_date"),
        ("crm_opportunities", "opp_000006", "amount", "amount_out_of_range"),
    }


def test_one_impossible_time_moves_neither_today_nor_the_calendar(values_build):
    """The call of 2098 and the email of 1970 are quarantined: as_of_date is the latest
    real event, dim_date spans the real data (SPEC §6)."""
    assert values_build.query(
        "select min(date_day), max(date_day) from marts.dim_date"
    ) == [(dt.date(2024, 1, 14), dt.date(2024, 4, 1))]
    assert values_build.query(
        "select as_of_date from intermediate.int_data_date_bounds"
    ) == [(dt.date(2024, 4, 1),)]


def test_spellings_map_through_the_seed_and_unknown_values_are_counted(values_build):
    assert values_build.query(
        "select stage_name, is_won from marts.fct_opportunities "
        "where opportunity_id = 'opp_000001'"
    ) == [("closed_won", True)]
    assert values_build.query(
        "select mql_at from marts.fct_leads where lead_id = 'lead_000001'"
    ) == [(dt.datetime(2024, 1, 20, 10, 0),)]
    assert values_build.query(
        "select team_id, region from staging.stg_crm__teams order by 1"
    ) == [("team_01", "north_america"), ("team_02", "other")]
    fallbacks = values_build.query(
        "select raw_table, column_name, raw_value, mapped_to, raw_rows, "
        "example_record_id from audit.audit_categorical_fallbacks order by 1, 2"
    )
    assert ("crm_teams", "region", "lunar", "other", 1, None) in fallbacks
    assert ("crm_users", "time_zone", "Mars/Olympus", "UTC", 1, "usr_0002") in fallbacks
    assert (
        "crm_opportunities",
        "currency",
        "XYZ",
        "no FX rate",
        1,
        "opp_000002",
    ) in fallbacks
    assert not [row for row in fallbacks if row[2] in ("amer", "closed won")]
    # ... and every fallback is a warning naming the table, the column and the value
    output = values_build.build.output
    assert (
        "raw table crm_teams, column region: value 'lunar' is outside its domain "
        "and was mapped to 'other' (1 rows; rule: categorical_fallback"
    ) in output
    assert (
        "raw table crm_users, column time_zone: value 'Mars/Olympus' is outside its "
        "domain and was mapped to 'UTC' (1 rows, e.g. record usr_0002"
    ) in output


def test_a_region_without_a_calendar_keeps_its_goals_on_the_global_one(values_build):
    """Team team_02's region is unknown: its goal and its rep's goal are measured on the
    global calendar (SPEC §6), none is lost."""
    assert values_build.query(
        "select goal_id from marts.fct_goal_attainment order by 1"
    ) == [("goal_1",), ("goal_lunar",), ("goal_team_02",)]
    # March 2024 on the global calendar: 21 weekdays (no global holiday in March)
    assert values_build.query(
        "select count(*) filter (where target > 0), count(*) "
        "from marts.fct_goal_attainment_daily where goal_id = 'goal_lunar'"
    ) == [(21, 31)]
    assert values_build.query(
        "select time_zone from marts.dim_reps where rep_id = 'usr_0002'"
    ) == [("UTC",)]


def test_orphans_stay_attached_to_the_unknown_member(values_build):
    assert values_build.query(
        "select account_id, owner_rep_id from marts.fct_opportunities "
        "where opportunity_id = 'opp_000005'"
    ) == [("unknown", "unknown")]
    assert values_build.query(
        "select rep_id from marts.fct_activities where source_record_id = 'call_orphan'"
    ) == [("unknown",)]
    assert values_build.query(
        "select count(*) from marts.fct_activities "
        "where source_record_id = 'mtg_orphan'"
    ) == [(1,)]


def test_records_delivered_twice_keep_one_version(duplicates_build):
    audit = row_audit(duplicates_build, group("duplicates"))
    for table, (raw, staged, superseded, deleted, quarantined) in audit.items():
        assert superseded == raw // 2, (table, audit[table])  # one copy of each row
        assert staged + deleted + quarantined == raw // 2, (table, audit[table])
    assert duplicates_build.query("select count(*) from marts.fct_opportunities") == [
        (1,)
    ]
    assert duplicates_build.query(
        "select count(*), sum(won_opportunities) "
        "from marts.fct_opportunity_outcomes_monthly where won_opportunities > 0"
    ) == [(1, 1)]


# --------------------------------------------------------------------------------------
# Sources a company does not have (SPEC §6)
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def optional_build(tmp_path_factory) -> Warehouse:
    """The CRM-only delivery (telephony and web switched off and absent, every other
    optional table empty, a header-only and a zero-byte file), built whole."""
    warehouse = build_group(
        "optional", tmp_path_factory.mktemp("corpus_optional"), selection=None
    )
    assert warehouse.build.returncode == 0, warehouse.build.output[-5000:]
    return warehouse


def test_a_crm_only_delivery_builds_green_without_warnings(optional_build):
    output = optional_build.build.output
    assert " WARN=0 ERROR=0 " in output, output[-3000:]
    assert "outside its domain" not in output
    assert optional_build.query(
        "select source_system, is_switched_off, has_data from audit.audit_source_systems "
        "order by 1"
    ) == [
        ("crm", False, True),
        ("email", False, False),
        ("goals", False, False),
        ("nps", False, False),
        ("telephony", True, False),
        ("web", True, False),
    ]
    audit = optional_build.query(
        "select raw_table, raw_rows, unaccounted_rows from audit.audit_row_counts"
    )
    assert all(unaccounted == 0 for _, _, unaccounted in audit)
    assert {table for table, raw, _ in audit if raw} == {
        "crm_users",
        "crm_teams",
        "crm_accounts",
        "crm_opportunities",
        "crm_opportunity_line_items",
    }


def test_marts_fed_only_by_a_missing_source_are_empty(optional_build):
    for mart in (
        "fct_activities",
        "fct_leads",
        "fct_nps_monthly",
        "fct_goal_attainment",
        "fct_web_visitor_conversions",
    ):
        assert optional_build.query(f"select count(*) from marts.{mart}") == [(0,)], (
            mart
        )
    lineage = optional_build.query(
        "select distinct source_system from audit.audit_mart_sources "
        "where mart = 'fct_nps_monthly'"
    )
    assert ("nps",) in lineage


def test_crm_kpis_need_no_other_source(optional_build):
    """Win rate and bookings from the CRM alone; first contact falls back to the
    opportunity's creation, so the cycle is close date minus creation date."""
    assert optional_build.query(
        "select first_contact_at = created_at, sales_cycle_days, touches "
        "from marts.fct_opportunities where opportunity_id = 'opp_000001'"
    ) == [(True, 43, 0)]
    assert optional_build.query(
        "select bookings, deals_won, win_rate from marts.fct_rep_performance_monthly "
        "where rep_id = 'usr_0001' and month_start = date '2024-03-01'"
    ) == [(1000, 1, 1.0)]


def test_a_rate_whose_denominator_comes_from_a_missing_source_is_null(optional_build):
    """No phone system: connect rate has no outbound calls to divide by (null, never
    0); no goals: no quota, so no attainment."""
    rows = optional_build.query(
        "select connect_rate from marts.fct_rep_activity_periods"
    )
    assert rows and all(rate is None for (rate,) in rows)
    assert optional_build.query(
        "select count(*) from marts.fct_rep_performance_monthly "
        "where quota_attainment is not null"
    ) == [(0,)]


def test_the_mart_checks_accept_marts_emptied_by_a_missing_source(
    optional_build, tmp_path
):
    from sales_warehouse.quality import validate_marts
    from sales_warehouse.quality.marts import CHECKS

    # the one-deal fixture has no plausible company win rate; every other suite runs
    checks = [check for check in CHECKS if check.mart != "fct_opportunities"]
    report = validate_marts(
        optional_build.db_path, build_dir=tmp_path, docs=False, checks=checks
    )
    assert report.ok, report.messages()


@pytest.fixture(scope="module")
def history_build(tmp_path_factory) -> Warehouse:
    warehouse = build_group(
        "history",
        tmp_path_factory.mktemp("corpus_history"),
        selection=["+audit_row_counts"],
    )
    assert warehouse.build.returncode == 0, warehouse.build.output[-5000:]
    return warehouse


def test_ordinary_history_keeps_the_latest_version(history_build):
    audit = row_audit(history_build, group("history"))
    assert audit["crm_meetings"] == (20, 10, 10, 0, 0)
    assert audit["crm_accounts"] == (30, 10, 20, 0, 0)
    assert history_build.query(
        "select distinct status from staging.stg_crm__meetings"
    ) == [("completed",)]


# --------------------------------------------------------------------------------------
# A table that had rows and arrives empty; freshness of a quiet table
# --------------------------------------------------------------------------------------
def test_a_table_that_held_rows_and_arrives_empty_stops_the_next_check(tmp_path):
    raw_dir = write_delivery(tmp_path / "raw", fmt="csv")
    build_dir = tmp_path / "build"
    assert validate_raw(raw_dir, "csv", build_dir=build_dir, docs=False).ok
    tables = copy.deepcopy(TABLES)
    tables["telephony_calls"] = []
    write_delivery(raw_dir, tables, fmt="csv")
    report = validate_raw(raw_dir, "csv", build_dir=build_dir, docs=False)
    assert not report.ok
    assert [str(f) for f in report.errors] == [
        f"raw table telephony_calls: the table arrived empty, but the last validated "
        f"delivery from {raw_dir.resolve()} (csv) held 1 rows: a broken export? "
        f"Re-export it, or switch its source off (RAW_SOURCES_DISABLED) and remove "
        f"{build_dir / 'raw_row_counts.json'} if the company no longer has it "
        f"(rule: table_emptied)"
    ]


def test_freshness_is_the_source_systems_not_a_quiet_tables(tmp_path):
    """No account changed for four days but the CRM loader ran an hour ago: fresh."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    recent = (now - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    quiet = (now - dt.timedelta(days=4)).strftime("%Y-%m-%d %H:%M:%S")
    tables = copy.deepcopy(TABLES)
    for name, rows in tables.items():
        for row in rows:
            row["_loaded_at"] = (
                quiet if name in ("crm_accounts", "crm_users") else recent
            )
    raw_dir = write_delivery(tmp_path / "raw", tables, fmt="csv")
    run = dbt(
        ["source", "freshness", "--select", "source:crm"],
        raw_dir=raw_dir,
        db_path=tmp_path / "warehouse.duckdb",
        raw_format="csv",
        work_dir=tmp_path,
    )
    assert run.returncode == 0, run.output[-3000:]
    assert "PASS freshness of crm.crm_accounts" in run.output
    # ... and a loader that stopped four days ago is stale
    tables = copy.deepcopy(TABLES)
    write_delivery(raw_dir, tables, fmt="csv", loaded_at=quiet)
    run = dbt(
        ["source", "freshness", "--select", "source:crm"],
        raw_dir=raw_dir,
        db_path=tmp_path / "warehouse.duckdb",
        raw_format="csv",
        work_dir=tmp_path,
    )
    assert run.returncode != 0
    assert "ERROR STALE freshness of crm.crm_accounts" in run.output
