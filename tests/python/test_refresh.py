"""Safe refresh (`make refresh`, sales_warehouse.refresh): a broken delivery leaves the
old warehouse serving and says why. (A reader during a refresh that succeeds, and
rollback: tests/python/test_refresh_appended_days.py, on its refresh.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import REPO
from live_reader import file_identity, signature


@pytest.fixture()
def live(demo_warehouse, tmp_path) -> Path:
    """A copy of the demo warehouse serving from its own folder (same file name, so its
    views still resolve)."""
    live = tmp_path / "serving" / demo_warehouse.db_path.name
    live.parent.mkdir()
    shutil.copy2(demo_warehouse.db_path, live)
    return live


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
