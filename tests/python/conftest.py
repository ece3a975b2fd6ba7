"""Shared fixtures: build small warehouses from generated or hand-made raw data into
temporary folders, never touching the developer's own data/ or target/."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
# Small enough for a fast suite, large enough that every injected problem occurs.
TEST_SCALE = 0.2
TEST_SEED = 7
LOADED_AT = "2026-11-01T06:00:00"


@dataclass
class DbtRun:
    returncode: int
    output: str
    target_path: Path

    def run_results(self) -> list[dict]:
        return json.loads((self.target_path / "run_results.json").read_text())[
            "results"
        ]


@dataclass
class Warehouse:
    """A built warehouse: its raw files, its DuckDB file and the build's results."""

    raw_dir: Path
    db_path: Path
    raw_format: str
    build: DbtRun
    manifest: dict = field(default_factory=dict)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """One read-only connection for a test that runs many queries (each `query`
        opens the file anew)."""
        return duckdb.connect(str(self.db_path), read_only=True)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def df(self, sql: str):
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql).df()


def dbt(
    args: list[str],
    *,
    raw_dir: Path,
    db_path: Path,
    raw_format: str,
    work_dir: Path,
    extra_env: dict[str, str] | None = None,
) -> DbtRun:
    """Run the dbt CLI against a temporary warehouse; returns code and output."""
    target_path = work_dir / "target"
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_PROJECT_DIR": str(REPO),
        "RAW_DATA_DIR": str(raw_dir),
        "RAW_DATA_FORMAT": raw_format,
        "DUCKDB_PATH": str(db_path),
        "DUCKDB_TEMP_DIR": str(work_dir / "duckdb_tmp"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    proc = subprocess.run(
        [
            str(DBT),
            *args,
            "--target-path",
            str(target_path),
            "--log-path",
            str(work_dir / "logs"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtRun(proc.returncode, proc.stdout + proc.stderr, target_path)


def build_warehouse(
    work_dir: Path,
    raw_dir: Path,
    raw_format: str,
    manifest: dict | None = None,
    select: str | None = None,
) -> Warehouse:
    """`dbt build` of the whole project, or of `select` and the tests of it alone (e.g.
    the staging layer, for a test of how raw files are read: the same hook, a fraction
    of the nodes)."""
    db_path = work_dir / "warehouse.duckdb"
    run = dbt(
        [
            "build",
            *(
                ["--select", select, "--indirect-selection", "cautious"]
                if select
                else []
            ),
        ],
        raw_dir=raw_dir,
        db_path=db_path,
        raw_format=raw_format,
        work_dir=work_dir,
    )
    assert run.returncode == 0, run.output[-6000:]
    return Warehouse(raw_dir, db_path, raw_format, run, manifest or {})


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Warehouse:
    """Generated demo data (Parquet) built end to end: the suite's main warehouse.

    Built once per run, not once per pytest-xdist worker: the first worker to get here
    builds it into the run's shared temporary folder under a lock, the others read it
    (read-only, as every test does; a test that changes it works on a copy)."""
    from sales_warehouse.generator import generate

    # The run's folder shared by the workers (under xdist each worker's basetemp is a
    # folder of it); without xdist, the run's own basetemp.
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    work_dir, built = shared / "demo", shared / "demo.json"
    with open(shared / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if built.exists():
            saved = json.loads(built.read_text())
            run = DbtRun(saved["returncode"], saved["output"], Path(saved["target"]))
            return Warehouse(
                work_dir / "raw",
                work_dir / "warehouse.duckdb",
                "parquet",
                run,
                saved["manifest"],
            )
        work_dir.mkdir()
        manifest = generate(
            work_dir / "raw",
            scale=TEST_SCALE,
            seed=TEST_SEED,
            fmt="parquet",
            loaded_at=LOADED_AT,
        )
        # The generator's manifest as every worker sees it: read back from JSON.
        manifest = json.loads(json.dumps(manifest, default=str))
        warehouse = build_warehouse(work_dir, work_dir / "raw", "parquet", manifest)
        built.write_text(
            json.dumps(
                {
                    "returncode": warehouse.build.returncode,
                    "output": warehouse.build.output,
                    "target": str(warehouse.build.target_path),
                    "manifest": manifest,
                }
            )
        )
        return warehouse
