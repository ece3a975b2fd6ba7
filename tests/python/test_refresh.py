"""Safe refresh (`make refresh`, sales_warehouse.refresh): a reader that queries the
warehouse in a loop during a refresh sees no error and switches from the old numbers to
the new ones at once; a broken delivery leaves the old warehouse serving and says why;
rollback swaps the previous build back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import LOADED_AT, REPO, TEST_SCALE

from sales_warehouse.refresh import refresh, rollback

# One consistent picture of the warehouse: marts of three areas and a staging view
# (views name their relations <database>.<schema>.<name>: they must survive the swap).
SIGNATURE_SQL = """
select
    (select count(*) from marts.fct_opportunities),
    (select count(*) from marts.fct_leads),
    (select cast(sum(bookings) as double) from marts.fct_sales_scorecard
        where scope = 'company' and period_type = 'month'),
    (select count(*) from marts.fct_activities),
    (select count(*) from staging.stg_crm__opportunities)
"""

READER = """
import json, os, sys, time, duckdb
path, out, stop, sql = sys.argv[1:5]
with open(out, "w") as log:
    while not os.path.exists(stop):
        try:
            # a connection per query, read-only: what every reader of the warehouse does
            with duckdb.connect(path, read_only=True) as con:
                row = con.execute(sql).fetchone()
            log.write(json.dumps({"ok": list(row)}) + "\\n")
        except Exception as error:
            log.write(json.dumps({"error": repr(error)}) + "\\n")
        log.flush()
        # a dashboard's pace, not a busy loop: the build being read must get the cores
        time.sleep(0.05)
"""


def signature(db_path: Path) -> list:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return list(con.execute(SIGNATURE_SQL).fetchone())


def file_identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture()
def live(demo_warehouse, tmp_path) -> Path:
    """A copy of the demo warehouse serving from its own folder (same file name, so its
    views still resolve)."""
    live = tmp_path / "serving" / demo_warehouse.db_path.name
    live.parent.mkdir()
    shutil.copy2(demo_warehouse.db_path, live)
    return live


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.slow
def test_reader_during_refresh_sees_old_then_new_and_never_an_error(live, tmp_path):
    from sales_warehouse.generator import generate

    new_raw = tmp_path / "delivery"
    generate(new_raw, scale=TEST_SCALE, seed=8, fmt="parquet", loaded_at=LOADED_AT)
    old = signature(live)

    log, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(live), str(log), str(stop), SIGNATURE_SQL]
    )
    reads_during_build = []
    try:
        wait_for(lambda: log.exists() and len(read_log(log)) >= 5)
        # the GX raw suites are exercised by the broken-delivery test below
        result = refresh(
            live=live,
            raw_dir=new_raw,
            build_dir=tmp_path / "build",
            echo=False,
            raw_checks=False,
            before_swap=lambda candidate: reads_during_build.append(len(read_log(log))),
        )
        new = signature(live)
        # at least five reads of the new build (a read begun before the swap ends old)
        wait_for(lambda: sum(r.get("ok") == new for r in read_log(log)) >= 5)
    finally:
        stop.touch()
        reader.wait(timeout=60)

    assert new != old, "the new delivery should change the numbers"
    records = read_log(log)
    errors = [record["error"] for record in records if "error" in record]
    assert not errors, f"{len(errors)} reader errors, e.g. {errors[:3]}"
    seen = [record["ok"] for record in records]
    assert all(row in (old, new) for row in seen), "a reader saw a mix of old and new"
    switch = seen.index(new)
    assert switch >= reads_during_build[0] >= 5, "new data seen before the swap"
    assert all(row == new for row in seen[switch:]), "the reader went back to old data"
    assert len(seen) - switch >= 5

    # the previous build is kept for rollback, and rollback swaps it back (and forth)
    assert result.previous == live.with_name(f"{live.stem}.previous{live.suffix}")
    assert not (live.parent / f".{live.stem}.refresh").exists()
    rollback(live=live, echo=False)
    assert signature(live) == old
    rollback(live=live, echo=False)
    assert signature(live) == new
    assert (tmp_path / "build" / "data_docs" / "index.html").exists()


@pytest.fixture()
def broken_delivery(demo_warehouse, tmp_path) -> Path:
    """The demo delivery with a required column missing (crm_opportunities.amount)."""
    raw = tmp_path / "broken"
    shutil.copytree(demo_warehouse.raw_dir, raw)
    table = raw / "crm_opportunities.parquet"
    frame = duckdb.read_parquet(str(table)).df().drop(columns=["amount"])
    table.unlink()
    with duckdb.connect() as con:
        con.register("frame", frame)
        con.execute(f"copy frame to '{table}' (format parquet)")
    return raw


@pytest.mark.slow
@pytest.mark.parametrize("quality", [True, False], ids=["gx-raw-suites", "dbt-only"])
def test_broken_delivery_leaves_live_warehouse_serving(
    live, broken_delivery, tmp_path, quality
):
    before, identity = signature(live), file_identity(live)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sales_warehouse.refresh",
            "--duckdb-path",
            str(live),
            "--raw-dir",
            str(broken_delivery),
            "--build-dir",
            str(tmp_path / "build"),
            "--quiet",
            *([] if quality else ["--skip-quality"]),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    message = proc.stderr
    assert "Refresh FAILED at step" in message
    assert f"the live warehouse {live} was left untouched" in message
    assert "crm_opportunities" in message and "amount" in message, message
    assert ("raw expectations" if quality else "dbt build") in message
    # live untouched: same file, same numbers; nothing half-built left behind
    assert file_identity(live) == identity
    assert signature(live) == before
    assert not live.with_name(f"{live.stem}.previous{live.suffix}").exists()
    assert not (live.parent / f".{live.stem}.refresh").exists()
