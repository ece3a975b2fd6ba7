"""Incremental models (README, "Incremental models"): an incremental run over a new day of
raw data gives exactly the tables a full refresh of the same raw data gives.

One warehouse (A) is built in full on the demo data, then two days are appended with
``append_day`` and A is built incrementally after each; a second warehouse (B) is built
with ``--full-refresh`` from the same raw data. Every public mart and every staging table
must be equal row for row (order-insensitive, floats to 1e-6), and the heavy models must
really have run incrementally (a batch far smaller than the table, with the look-back
filter in the compiled SQL). The appended days must hold the cases that make incremental
models hard: late events, events before their message, new and older opportunity
versions, a contact that re-links old e-mails, quarantined and re-delivered rows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from sales_warehouse.generator import generate
from sales_warehouse.generator.increment import append_day

from conftest import LOADED_AT, TEST_SCALE, TEST_SEED, DbtRun, dbt

pytestmark = pytest.mark.slow

# The models an increment must not rebuild from scratch: the event-scale ones.
HEAVY_MODELS = [
    "base_email__events", "base_email__messages", "base_telephony__calls",
    "base_telephony__sms", "base_web__sessions", "base_crm__meetings",
    "base_crm__lead_status_history", "base_crm__opportunity_stage_history",
    "int_activity_counterparts_identified", "int_activities_unioned", "fct_activities",
    "int_rep_activity_contributions", "int_email_messages_tracked",
]
COMPARED_SCHEMAS = ("marts", "staging", "intermediate", "audit")
# Run bookkeeping of the activity-day models, which no full refresh can reproduce: the
# rep and day a recomputed row had
# before, and the rows of zeros a run leaves where a contribution or a whole day
# went away (counted_rows 0; fct_rep_activity_daily leaves them out). Compared without
# them; the marts built on them are compared whole.
BOOKKEEPING = {
    "int_rep_activity_contributions": (
        {"previous_rep_id", "previous_date_day"}, "counted_rows > 0"),
    "int_rep_activity_days_summed": (set(), "counted_rows > 0"),
    # A person left with no engagement keeps a row with a null time.
    "int_person_first_engagements": (set(), "first_engaged_at is not null"),
}
# The start of the look-back window as incremental_cutoff() renders it when dbt runs a
# model: a timestamp literal, looked up before the select.
LOOKBACK_CUTOFF = re.compile(r"_loaded_at >= coalesce\(cast\('([^']+)' as timestamp\)")
LOOKBACK_DAYS = 3  # dbt_project.yml, var incremental_lookback_days
# Every model's stamp of the run that last wrote a row (scoped data tests read it).
RUN_STAMP = "_recomputed_at"


@dataclass
class IncrementalPair:
    raw_dir: Path
    incremental_db: Path
    full_refresh_db: Path
    days: list[dict]
    incremental_runs: list[DbtRun]
    full_refresh_run: DbtRun
    before_last_run: Path


def _build(args, raw_dir, db_path, work_dir) -> DbtRun:
    run = dbt(args, raw_dir=raw_dir, db_path=db_path, raw_format="parquet",
              work_dir=work_dir)
    assert run.returncode == 0, run.output[-6000:]
    return run


def _row_counts(db_path: Path) -> dict[str, int]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where schema_name in ('staging', 'intermediate', 'marts')").fetchall()
        return {table: con.execute(f'select count(*) from "{schema}"."{table}"')
                .fetchone()[0] for schema, table in tables}


def _columns(con, database: str, schema: str, table: str) -> list[str]:
    return [name for (name,) in con.execute(
        "select column_name from duckdb_columns() where database_name = ? "
        "and schema_name = ? and table_name = ?", [database, schema, table]).fetchall()]


@pytest.fixture(scope="module")
def pair(demo_warehouse, tmp_path_factory) -> IncrementalPair:
    """Warehouse A starts as a copy of the suite's demo warehouse (a full build of the
    generated Parquet delivery), its raw folder copied too, so appending days leaves the
    demo warehouse alone."""
    work = tmp_path_factory.mktemp("incremental")
    raw_dir = work / "raw"
    shutil.copytree(demo_warehouse.raw_dir, raw_dir)
    # The same file name as the demo warehouse: its views name their database.
    db_a = work / "a" / demo_warehouse.db_path.name
    db_a.parent.mkdir()
    shutil.copy(demo_warehouse.db_path, db_a)
    db_b = work / "full_refresh.duckdb"
    days, runs = [], []
    # The warehouse as the last incremental run found it: its batches can be re-counted.
    before_last_run = work / "before_last_run" / db_a.name
    for n in (1, 2):
        days.append(append_day(raw_dir, seed=TEST_SEED))
        if n == 2:
            before_last_run.parent.mkdir()
            shutil.copy(db_a, before_last_run)
        runs.append(_build(["build"], raw_dir, db_a, work / f"a{n}"))
    full = _build(["build", "--full-refresh"], raw_dir, db_b, work / "b")
    return IncrementalPair(raw_dir, db_a, db_b, days, runs, full, before_last_run)


def _compared_tables(db_path: Path) -> list[tuple[str, str]]:
    """Tables and views: the stg_ views and intermediate views are compared too."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select table_schema, table_name from information_schema.tables where "
            f"table_catalog = '{db_path.stem}' and table_schema in {COMPARED_SCHEMAS} "
            "order by 1, 2").fetchall()


def _differences(pair: IncrementalPair, schema: str, table: str) -> tuple[int, int, int]:
    con = duckdb.connect()
    try:
        # Views name their database: attach each file under its own name (its stem).
        inc, full = pair.incremental_db.stem, pair.full_refresh_db.stem
        con.execute(f"attach '{pair.incremental_db}' as {inc} (read_only)")
        con.execute(f"attach '{pair.full_refresh_db}' as {full} (read_only)")
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() where database_name = ? "
            "and schema_name = ? and table_name = ? order by column_index",
            [full, schema, table]).fetchall()
        ignored, rows_compared = BOOKKEEPING.get(table, (set(), "true"))
        ignored = ignored | {RUN_STAMP}
        select = ", ".join(
            f'round("{name}", 6) as "{name}"' if kind in ("DOUBLE", "FLOAT")
            else f'"{name}"' for name, kind in columns if name not in ignored)
        a = f'select {select} from {inc}."{schema}"."{table}" where {rows_compared}'
        b = f'select {select} from {full}."{schema}"."{table}" where {rows_compared}'
        only_a = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
        only_b = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
        rows = con.execute(f"select count(*) from ({b})").fetchone()[0]
        return only_a, only_b, rows
    finally:
        con.close()


def test_every_mart_and_staging_table_equals_the_full_refresh(pair):
    tables_a = _compared_tables(pair.incremental_db)
    tables_b = _compared_tables(pair.full_refresh_db)
    assert tables_a == tables_b
    marts = [t for s, t in tables_b if s == "marts"]
    assert len(marts) >= 30 and "fct_activities" in marts
    differing = {}
    for schema, table in tables_b:
        only_incremental, only_full_refresh, rows = _differences(pair, schema, table)
        if only_incremental or only_full_refresh:
            differing[f"{schema}.{table}"] = (only_incremental, only_full_refresh, rows)
    assert not differing, (
        "tables that differ after the incremental run (rows only in the incremental "
        f"warehouse, rows only in the full refresh, rows): {differing}")


def test_audit_accounts_for_every_raw_row_after_incremental_runs(pair):
    with duckdb.connect(str(pair.incremental_db), read_only=True) as con:
        rows = con.execute(
            "select raw_table, raw_rows, unaccounted_rows, staged_rows, "
            "staging_model_rows from audit.audit_row_counts").fetchall()
    assert len(rows) == 18
    for raw_table, raw_rows, unaccounted, staged, staging_model in rows:
        assert unaccounted == 0, raw_table
        assert staged == staging_model, raw_table
        assert raw_rows > 0


def test_heavy_models_ran_incrementally(pair):
    """The last incremental run: each heavy model wrote a batch far smaller than the
    table; its look-back cutoff was the latest _loaded_at the model had stored minus the
    look-back days; the full refresh had no filter. The batch is counted on a copy of
    the warehouse as the run found it: a model that stamps its rows, the rows stamped
    after that copy's latest stamp (its select reads what upstream rewrote in the same
    run, which the copy does not hold yet); any other, its compiled select run again."""
    results = {r["unique_id"].split(".")[-1]: r
               for r in pair.incremental_runs[-1].run_results()}
    full = {r["unique_id"].split(".")[-1]: r for r in pair.full_refresh_run.run_results()}
    totals = _row_counts(pair.incremental_db)
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"attach '{pair.before_last_run}' as {pair.incremental_db.stem} "
                    "(read_only)")
        con.execute(f"attach '{pair.incremental_db}' as after_last_run (read_only)")
        con.execute(f"use {pair.incremental_db.stem}")
        for model in HEAVY_MODELS:
            assert results[model]["status"] == "success", model
            code = results[model]["compiled_code"]
            cutoffs = set(LOOKBACK_CUTOFF.findall(code))
            assert len(cutoffs) == 1, (model, cutoffs)
            stored_cutoff = con.execute(
                f"select max(_loaded_at) - interval {LOOKBACK_DAYS} day "
                f"from {results[model]['relation_name']}"
            ).fetchone()[0]
            assert str(stored_cutoff) == cutoffs.pop(), model
            assert not LOOKBACK_CUTOFF.search(full[model]["compiled_code"]), model
            schema, table = results[model]["relation_name"].replace('"', "").split(".")[1:]
            if RUN_STAMP in _columns(con, pair.incremental_db.stem, schema, table):
                batch = con.execute(
                    f"select count(*) from after_last_run.{schema}.{table} "
                    f"where {RUN_STAMP} > (select max({RUN_STAMP}) "
                    f"from {pair.incremental_db.stem}.{schema}.{table})").fetchone()[0]
            else:
                batch = con.execute(f"select count(*) from ({code}) as batch").fetchone()[0]
            assert 0 < batch < totals[model] / 10, (model, batch, totals[model])
    finally:
        con.close()


def test_activity_day_models_rewrote_only_the_days_of_the_increment(pair):
    """int_rep_activity_days_summed has no look-back filter of its own: it re-sums the
    rep-days of the contributions the same run recomputed. The last run stamped some,
    but far from all, of the rows of both models."""
    with duckdb.connect(str(pair.incremental_db), read_only=True) as con:
        for model in ("int_rep_activity_contributions", "int_rep_activity_days_summed"):
            rewritten, total = con.execute(
                "select count(*) filter (where _recomputed_at = "
                f"(select max(_recomputed_at) from intermediate.{model})), count(*) "
                f"from intermediate.{model}").fetchone()
            assert 0 < rewritten < total / 10, (model, rewritten, total)


def test_scoped_data_tests_read_the_rows_since_their_last_pass(pair, tmp_path):
    """A scoped data test (macros/testing/scoped_tests.sql) of an incremental model reads
    the rows written after the start of its last passing run: a row broken behind dbt's
    back with an old stamp is out of its scope (`test_all_rows` finds it); a row that a
    later run writes broken fails the test, and keeps failing it in the next run, until
    the row is fixed. A relationships test of the same model reads the whole table."""
    db = tmp_path / pair.incremental_db.name  # the same name: views name their database
    shutil.copy(pair.incremental_db, db)
    test = ("expression_is_true_fct_activities_occurred_hour_local__"
            "occurred_hour_local_between_0_and_23")
    last_pass = ("select max(passed_run_started_at) from audit_tests.scoped_test_passes "
                 f"where test_id like 'test.sales_warehouse.{test}%'")
    # Activities written by the first incremental run, before the last run's start.
    old_rows = ("select activity_id from marts.fct_activities where _recomputed_at < "
                "(select max(_recomputed_at) from marts.fct_activities) "
                "order by activity_id limit 2")

    def run_test(*args: str) -> DbtRun:
        return dbt(["test", "--select", test, *args], raw_dir=pair.raw_dir, db_path=db,
                   raw_format="parquet", work_dir=tmp_path / "dbt")

    with duckdb.connect(str(db)) as con:
        passed_before = con.execute(last_pass).fetchone()[0]
        assert passed_before == con.execute(
            "select max(_recomputed_at) from marts.fct_activities").fetchone()[0]
        first, second = [row[0] for row in con.execute(old_rows).fetchall()]
        con.execute("update marts.fct_activities set occurred_hour_local = 99 "
                    "where activity_id = ?", [first])

    scoped = run_test()
    assert scoped.returncode == 0, scoped.output[-3000:]
    compiled = next(r["compiled_code"] for r in scoped.run_results()
                    if r["unique_id"].startswith(f"test.sales_warehouse.{test}."))
    # The scope's start, the test's last pass, is written into the SQL as a literal.
    scope_start = re.search(
        r"_recomputed_at > coalesce\(\s*cast\('([^']+)' as timestamp\)", compiled)
    assert scope_start and scope_start.group(1) == str(passed_before), compiled
    everything = run_test("--vars", "{test_all_rows: true}")
    assert everything.returncode != 0 and "FAIL 1" in everything.output

    with duckdb.connect(str(db)) as con:
        passed_after_scoped_run = con.execute(last_pass).fetchone()[0]
        # As a run after the last pass would write it.
        con.execute("update marts.fct_activities set occurred_hour_local = 99, "
                    "_recomputed_at = ? where activity_id = ?",
                    [passed_after_scoped_run + dt.timedelta(seconds=1), second])
    assert passed_after_scoped_run > passed_before
    for _ in range(2):
        failing = run_test()
        assert failing.returncode != 0 and "FAIL 1" in failing.output
    with duckdb.connect(str(db)) as con:
        assert con.execute(last_pass).fetchone()[0] == passed_after_scoped_run
        con.execute("update marts.fct_activities set occurred_hour_local = "
                    "extract(hour from occurred_at_local) where activity_id = ?", [second])
    fixed = run_test()
    assert fixed.returncode == 0, fixed.output[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(last_pass).fetchone()[0] > passed_after_scoped_run

    relationships = [
        r for r in pair.incremental_runs[-1].run_results()
        if r["unique_id"].startswith("test.sales_warehouse.relationships_fct_activities_")]
    assert relationships
    assert all("_recomputed_at" not in r["compiled_code"] for r in relationships)


def test_an_incremental_model_out_of_sync_with_its_table_stops_until_a_full_refresh(
        pair, tmp_path):
    """A stored incremental table whose columns differ from its model's (the model changed
    since the last build) stops the run with dbt's error naming the model and the
    column, instead of mixing rows of both versions; --full-refresh rebuilds it."""
    db = tmp_path / pair.incremental_db.name  # the same name: views name their database
    shutil.copy(pair.incremental_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("alter table intermediate.int_email_messages_tracked "
                    "add column legacy_flag boolean")

    def run(*args: str) -> DbtRun:
        return dbt(["run", "--select", "int_email_messages_tracked", *args],
                   raw_dir=pair.raw_dir, db_path=db, raw_format="parquet",
                   work_dir=tmp_path / "dbt")

    stopped = run()
    assert stopped.returncode != 0
    assert "int_email_messages_tracked" in stopped.output
    assert "out of sync" in stopped.output and "legacy_flag" in stopped.output
    rebuilt = run("--full-refresh")
    assert rebuilt.returncode == 0, rebuilt.output[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        columns = _columns(con, db.stem, "intermediate", "int_email_messages_tracked")
    assert "legacy_flag" not in columns and "message_id" in columns


def test_appended_days_hold_the_tricky_cases(pair):
    first, second = pair.days
    assert first["cases"]["late_events_in_lookback"]
    assert first["cases"]["late_events_outside_lookback"]
    assert first["cases"]["messages_held_back"]
    # The messages held back on day 1 arrive on day 2, after their events.
    assert second["cases"]["messages_after_their_events"] == \
        first["cases"]["messages_held_back"]
    assert first["cases"]["opportunity_new_versions"]
    assert any(v["stage_name"] in ("closed_won", "closed_lost")
               for day in pair.days for v in day["cases"]["opportunity_new_versions"])
    assert first["cases"]["opportunity_older_version"]
    assert first["cases"]["contact_for_emailed_lead"]
    assert first["cases"]["redelivered_events"]
    assert first["cases"]["quarantined_call"]
    assert first["cases"]["meeting_logged_late"]
    with duckdb.connect(str(pair.incremental_db), read_only=True) as con:
        held = first["cases"]["messages_held_back"]
        placeholders = ", ".join("?" for _ in held)
        # Events loaded before their message, and the message's outcome counts them.
        rows = con.execute(
            "select messages.message_id, min(events._loaded_at) < messages._loaded_at, "
            "max(activities.outcome) from staging.stg_email__messages as messages "
            "inner join staging.stg_email__events as events "
            "on messages.message_id = events.message_id "
            "inner join marts.fct_activities as activities "
            "on activities.source_record_id = messages.message_id "
            "and activities.activity_type = 'email' "
            f"where messages.message_id in ({placeholders}) group by 1, messages._loaded_at",
            held).fetchall()
        assert len(rows) == len(held)
        assert all(before and outcome == "replied" for _, before, outcome in rows)
        # The older opportunity version was superseded; the stored winner stayed.
        older = first["cases"]["opportunity_older_version"][0]
        status = con.execute(
            "select _row_status from staging.base_crm__opportunities where "
            "opportunity_id = ? and _loaded_at >= ? order by _loaded_at",
            [older["opportunity_id"], first["loaded_at_from"]]).fetchall()
        assert status and status[0][0] == "superseded"
        # A late event inside the look-back made its old message replied.
        late = first["cases"]["late_events_in_lookback"][0]
        assert con.execute(
            "select outcome from marts.fct_activities where activity_id = ?",
            [f"email:{late}"]).fetchone()[0] == "replied"
        # The contact made for an e-mailed lead re-linked that lead's old e-mails.
        address = first["cases"]["contact_for_emailed_lead"][0].strip().lower()
        linked = con.execute(
            "select count(*), count(*) filter (where linked_via = 'contact_email') "
            "from marts.fct_activities where activity_type = 'email' "
            "and counterpart = ?", [address]).fetchone()
        assert linked[0] > 0 and linked[0] == linked[1]


def test_a_meeting_logged_late_warms_an_old_cold_call(pair, demo_warehouse):
    """The first appended day logs a completed meeting held an hour before the latest
    call to a contact never engaged: that call, whose record did not change, was cold
    and is not any more (the contact's first engagement moved back; the contributions
    reclassify the calls of such persons). The full refresh agrees (compared above)."""
    case = pair.days[0]["cases"]["meeting_logged_late"][0]
    query = (
        "select contributions.cold_calls, activities._loaded_at "
        "from marts.fct_activities as activities "
        "inner join intermediate.int_rep_activity_contributions as contributions "
        "on contributions.contribution_id = activities.activity_id "
        "where activities.activity_type = 'call' and activities.direction = 'outbound' "
        "and activities.contact_id = ? and activities.occurred_at = ?")
    args = [case["contact_id"], case["warmed_call_at"]]
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as con:
        before = con.execute(query, args).fetchall()
    with duckdb.connect(str(pair.incremental_db), read_only=True) as con:
        after = con.execute(query, args).fetchall()
        first_engaged = con.execute(
            "select first_engaged_at from intermediate.int_person_first_engagements "
            "where person_type = 'contact' and person_id = ?",
            [case["contact_id"]]).fetchall()
    assert [cold for cold, _ in before] == [1], before
    assert [cold for cold, _ in after] == [0], after
    assert after[0][1] == before[0][1]
    assert first_engaged == [(dt.datetime.fromisoformat(case["warmed_call_at"])
                              - dt.timedelta(hours=1),)]


def test_appended_day_is_later_than_everything_and_proportional(pair, tmp_path):
    """Every appended row is loaded after every row before it; a day is a day of the
    org (about 1/1000 of the history), whatever the history length."""
    first = pair.days[0]
    manifest = json.loads((pair.raw_dir / "_increments" / f"{first['day']}.json")
                          .read_text())
    assert manifest["row_counts"] == first["row_counts"]
    with duckdb.connect() as con:
        initial = con.execute(
            f"select max(_loaded_at) from read_parquet('{pair.raw_dir}/*/initial.parquet',"
            " union_by_name = true)").fetchone()[0]
        day_rows = con.execute(
            f"select min(_loaded_at), count(*) from read_parquet("
            f"'{pair.raw_dir}/telephony_calls/{first['day']}.parquet')").fetchone()
        history = con.execute(
            f"select count(*) from read_parquet("
            f"'{pair.raw_dir}/telephony_calls/initial.parquet')").fetchone()[0]
    assert day_rows[0] > initial
    assert 0 < day_rows[1] < history / 200


def test_append_day_is_deterministic(tmp_path):
    raw = tmp_path / "raw"
    generate(raw, scale=0.05, seed=3, fmt="csv", loaded_at=LOADED_AT)
    copy = tmp_path / "copy"
    shutil.copytree(raw, copy)
    one = append_day(raw, seed=3, fmt="csv")
    two = append_day(copy, seed=3, fmt="csv")
    assert one == two
    for path in sorted(raw.glob(f"*/{one['day']}.csv")):
        assert path.read_bytes() == (copy / path.parent.name / path.name).read_bytes()
    # The next day follows on, and a day already in the delivery is refused.
    assert append_day(raw, seed=3, fmt="csv")["day"] > one["day"]
    with pytest.raises(ValueError, match="already has data"):
        append_day(copy, seed=3, fmt="csv", day=dt.date.fromisoformat(one["day"]))
