"""The production refresh (`make refresh`, sales_warehouse.refresh) over new days of raw
data gives exactly the warehouse a build from scratch gives (docs/refresh.md).

The suite's demo warehouse is copied as the live warehouse, two days are appended to a
copy of its raw folder with ``append_day``, and the refresh rebuilds and swaps in the
live file, GX suites included. A separate ``dbt build`` of the same raw folder into a new
file is the reference: every table, and the views of staging and audit, must be equal
row for row (order-insensitive, floats to 1e-6). The appended days
hold the cases that make new deliveries hard: late events, events before their message,
new and older opportunity versions, a contact that re-links old e-mails, quarantined and
re-delivered rows, a meeting logged late.

Throughout the refresh a reader queries the live file in a loop, as a dashboard does: it
sees no error and switches from the old numbers to the new ones at once; rollback then
swaps the previous build back (and forth).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import LOADED_AT, TEST_SEED, DbtRun, dbt
from live_reader import LiveReader, signature, wait_for

from sales_warehouse.generator import generate
from sales_warehouse.generator.increment import append_day
from sales_warehouse.refresh import refresh, rollback
from sales_warehouse.refresh.core import RefreshResult

pytestmark = pytest.mark.slow

COMPARED_SCHEMAS = ("marts", "staging", "intermediate", "audit")


@dataclass
class RefreshedPair:
    raw_dir: Path
    live_db: Path
    reference_db: Path
    days: list[dict]
    refresh: RefreshResult
    # the reader's log, how many reads it had logged when the swap began, and the
    # live warehouse's numbers before and after
    reads: list[dict]
    reads_before_swap: int
    old: list
    new: list


def _build(args, raw_dir, db_path, work_dir) -> DbtRun:
    run = dbt(
        args, raw_dir=raw_dir, db_path=db_path, raw_format="parquet", work_dir=work_dir
    )
    assert run.returncode == 0, run.output[-6000:]
    return run


@pytest.fixture(scope="module")
def pair(demo_warehouse, tmp_path_factory) -> RefreshedPair:
    """The live warehouse starts as a copy of the suite's demo warehouse (a build of the
    generated Parquet delivery), its raw folder copied too, so appending days leaves the
    demo warehouse alone."""
    work = tmp_path_factory.mktemp("refresh_appended")
    raw_dir = work / "raw"
    shutil.copytree(demo_warehouse.raw_dir, raw_dir)
    # The same file name as the demo warehouse: its views name their database.
    live = work / "live" / demo_warehouse.db_path.name
    live.parent.mkdir()
    shutil.copy(demo_warehouse.db_path, live)
    days = [append_day(raw_dir, seed=TEST_SEED) for _ in (1, 2)]
    old, reads_before_swap = signature(live), []
    reader = LiveReader(live, work)
    try:
        result = refresh(
            live=live,
            raw_dir=raw_dir,
            build_dir=work / "build",
            echo=False,
            extra_env={"DUCKDB_TEMP_DIR": str(work / "duckdb_tmp")},
            before_swap=lambda candidate: reads_before_swap.append(
                len(reader.records())
            ),
        )
        new = signature(live)
        # at least five reads of the new build (a read begun before the swap ends old)
        wait_for(lambda: sum(r.get("ok") == new for r in reader.records()) >= 5)
    finally:
        reads = reader.stop()
    reference = work / "reference" / "reference.duckdb"
    reference.parent.mkdir()
    # The reference is tables only: the refresh above ran every dbt and GX test.
    _build(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        raw_dir,
        reference,
        work / "reference",
    )
    return RefreshedPair(
        raw_dir, live, reference, days, result, reads, reads_before_swap[0], old, new
    )


def _compared_tables(db_path: Path) -> list[tuple[str, str]]:
    """Every table, and the views of staging and audit (the stg_ views, the row
    accounting). An intermediate view is a query over the tables compared here."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select table_schema, table_name from information_schema.tables where "
            f"table_catalog = '{db_path.stem}' and table_schema in {COMPARED_SCHEMAS} "
            "and (table_type = 'BASE TABLE' or table_schema != 'intermediate') "
            "order by 1, 2"
        ).fetchall()


def _differences(
    con: duckdb.DuckDBPyConnection, pair: RefreshedPair, schema: str, table: str
) -> tuple[int, int, int]:
    """Rows only in the refreshed table, only in the reference, and the reference's
    rows; each side read once (a staging or audit view is a query over many tables)."""
    inc, full = pair.live_db.stem, pair.reference_db.stem
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? "
        "and schema_name = ? and table_name = ? order by column_index",
        [full, schema, table],
    ).fetchall()
    select = ", ".join(
        f'round("{name}", 6) as "{name}"'
        if kind in ("DOUBLE", "FLOAT")
        else f'"{name}"'
        for name, kind in columns
    )
    for side, database in (("a", inc), ("b", full)):
        con.execute(
            f"create or replace temp table {side} as "
            f'select {select} from {database}."{schema}"."{table}"'
        )
    only_a = con.execute("select count(*) from (from a except all from b)").fetchone()
    only_b = con.execute("select count(*) from (from b except all from a)").fetchone()
    rows = con.execute("select count(*) from b").fetchone()
    return only_a[0], only_b[0], rows[0]


def test_the_refresh_swapped_in_the_new_days(pair, demo_warehouse):
    """The live file now serves the build of the appended days (the previous one kept)."""
    assert pair.refresh.previous is not None and pair.refresh.previous.exists()
    query = "select max(_loaded_at), count(*) from marts.fct_activities"
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as con:
        before = con.execute(query).fetchone()
    with duckdb.connect(str(pair.live_db), read_only=True) as con:
        after = con.execute(query).fetchone()
    assert after[0] > before[0] and after[1] > before[1]


def test_a_reader_during_the_refresh_sees_old_then_new_and_never_an_error(pair):
    assert pair.new != pair.old, "the new days should change the numbers"
    errors = [record["error"] for record in pair.reads if "error" in record]
    assert not errors, f"{len(errors)} reader errors, e.g. {errors[:3]}"
    seen = [record["ok"] for record in pair.reads]
    assert all(row in (pair.old, pair.new) for row in seen), "a mix of old and new"
    switch = seen.index(pair.new)
    assert switch >= pair.reads_before_swap >= 5, "new data seen before the swap"
    assert all(row == pair.new for row in seen[switch:]), "went back to old data"
    assert len(seen) - switch >= 5


def test_rollback_swaps_the_previous_build_back_and_forth(pair):
    """The previous build is kept for rollback; rollback swaps it back, and again."""
    live = pair.live_db
    assert pair.refresh.previous == live.with_name(f"{live.stem}.previous{live.suffix}")
    assert not (live.parent / f".{live.stem}.refresh").exists()
    rollback(live=live, echo=False)
    assert signature(live) == pair.old
    rollback(live=live, echo=False)
    assert signature(live) == pair.new
    assert (pair.raw_dir.parent / "build" / "data_docs" / "index.html").exists()


def test_every_table_equals_a_build_from_scratch(pair):
    tables_live = _compared_tables(pair.live_db)
    tables_reference = _compared_tables(pair.reference_db)
    assert tables_live == tables_reference
    marts = [t for s, t in tables_reference if s == "marts"]
    assert len(marts) >= 30 and "fct_activities" in marts
    differing = {}
    with duckdb.connect() as con:
        # Views name their database: attach each file under its own name (its stem).
        con.execute(f"attach '{pair.live_db}' as {pair.live_db.stem} (read_only)")
        con.execute(
            f"attach '{pair.reference_db}' as {pair.reference_db.stem} (read_only)"
        )
        for schema, table in tables_reference:
            only_live, only_reference, rows = _differences(con, pair, schema, table)
            if only_live or only_reference:
                differing[f"{schema}.{table}"] = (only_live, only_reference, rows)
    assert not differing, (
        "tables that differ between the refreshed warehouse and a build from scratch "
        f"(rows only in the refreshed one, rows only in the reference, rows): {differing}"
    )


def test_audit_accounts_for_every_raw_row_after_the_refresh(pair):
    with duckdb.connect(str(pair.live_db), read_only=True) as con:
        rows = con.execute(
            "select raw_table, raw_rows, unaccounted_rows, staged_rows, "
            "staging_model_rows from audit.audit_row_counts"
        ).fetchall()
    assert len(rows) == 18
    for raw_table, raw_rows, unaccounted, staged, staging_model in rows:
        assert unaccounted == 0, raw_table
        assert staged == staging_model, raw_table
        assert raw_rows > 0


def test_appended_days_hold_the_tricky_cases(pair):
    first, second = pair.days
    assert first["cases"]["late_events_in_lookback"]
    assert first["cases"]["late_events_outside_lookback"]
    assert first["cases"]["messages_held_back"]
    # The messages held back on day 1 arrive on day 2, after their events.
    assert (
        second["cases"]["messages_after_their_events"]
        == first["cases"]["messages_held_back"]
    )
    assert first["cases"]["opportunity_new_versions"]
    assert any(
        v["stage_name"] in ("closed_won", "closed_lost")
        for day in pair.days
        for v in day["cases"]["opportunity_new_versions"]
    )
    assert first["cases"]["opportunity_older_version"]
    assert first["cases"]["contact_for_emailed_lead"]
    assert first["cases"]["redelivered_events"]
    assert first["cases"]["quarantined_call"]
    assert first["cases"]["meeting_logged_late"]
    with duckdb.connect(str(pair.live_db), read_only=True) as con:
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
            held,
        ).fetchall()
        assert len(rows) == len(held)
        assert all(before and outcome == "replied" for _, before, outcome in rows)
        # The older opportunity version was superseded; the stored winner stayed.
        older = first["cases"]["opportunity_older_version"][0]
        status = con.execute(
            "select _row_status from staging.base_crm__opportunities where "
            "opportunity_id = ? and _loaded_at >= ? order by _loaded_at",
            [older["opportunity_id"], first["loaded_at_from"]],
        ).fetchall()
        assert status and status[0][0] == "superseded"
        # A late event inside the look-back made its old message replied.
        late = first["cases"]["late_events_in_lookback"][0]
        assert (
            con.execute(
                "select outcome from marts.fct_activities where activity_id = ?",
                [f"email:{late}"],
            ).fetchone()[0]
            == "replied"
        )
        # The contact made for an e-mailed lead re-linked that lead's old e-mails.
        address = first["cases"]["contact_for_emailed_lead"][0].strip().lower()
        linked = con.execute(
            "select count(*), count(*) filter (where linked_via = 'contact_email') "
            "from marts.fct_activities where activity_type = 'email' "
            "and counterpart = ?",
            [address],
        ).fetchone()
        assert linked[0] > 0 and linked[0] == linked[1]


def test_a_meeting_logged_late_warms_an_old_cold_call(pair, demo_warehouse):
    """The first appended day logs a completed meeting held an hour before the latest
    call to a contact never engaged: that call, whose record did not change, was cold
    and is not any more (the contact's first engagement moved back; every call
    is classified anew). The build from scratch agrees (compared above)."""
    case = pair.days[0]["cases"]["meeting_logged_late"][0]
    query = (
        "select contributions.cold_calls, activities._loaded_at "
        "from marts.fct_activities as activities "
        "inner join intermediate.int_rep_activity_contributions as contributions "
        "on contributions.contribution_id = activities.activity_id "
        "where activities.activity_type = 'call' and activities.direction = 'outbound' "
        "and activities.contact_id = ? and activities.occurred_at = ?"
    )
    args = [case["contact_id"], case["warmed_call_at"]]
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as con:
        before = con.execute(query, args).fetchall()
    with duckdb.connect(str(pair.live_db), read_only=True) as con:
        after = con.execute(query, args).fetchall()
        first_engaged = con.execute(
            "select first_engaged_at from intermediate.int_person_first_engagements "
            "where person_type = 'contact' and person_id = ?",
            [case["contact_id"]],
        ).fetchall()
    assert [cold for cold, _ in before] == [1], before
    assert [cold for cold, _ in after] == [0], after
    assert after[0][1] == before[0][1]
    assert first_engaged == [
        (dt.datetime.fromisoformat(case["warmed_call_at"]) - dt.timedelta(hours=1),)
    ]


def test_appended_day_is_later_than_everything_and_proportional(pair, tmp_path):
    """Every appended row is loaded after every row before it; a day is a day of the
    org (about 1/1000 of the history), whatever the history length."""
    first = pair.days[0]
    manifest = json.loads(
        (pair.raw_dir / "_increments" / f"{first['day']}.json").read_text()
    )
    assert manifest["row_counts"] == first["row_counts"]
    with duckdb.connect() as con:
        initial = con.execute(
            f"select max(_loaded_at) from read_parquet('{pair.raw_dir}/*/initial.parquet',"
            " union_by_name = true)"
        ).fetchone()[0]
        day_rows = con.execute(
            f"select min(_loaded_at), count(*) from read_parquet("
            f"'{pair.raw_dir}/telephony_calls/{first['day']}.parquet')"
        ).fetchone()
        history = con.execute(
            f"select count(*) from read_parquet("
            f"'{pair.raw_dir}/telephony_calls/initial.parquet')"
        ).fetchone()[0]
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
