"""Shared fixtures: build small warehouses from generated or hand-made raw data into
temporary folders, never touching the developer's own data/ or target/."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
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


# The order the test files start in (`make test` runs pytest-xdist with
# --no-loadscope-reorder, so files are handed out in this order): the demo warehouse's
# first reader, which builds it, then the longest files first, beginning with one that
# needs no demo warehouse, so that no worker waits for the demo build and the run does
# not end on one long file. Any other file follows in collection order.
FILE_ORDER = (
    "test_staging_e2e.py",
    "test_corpus.py",
    "test_refresh_appended_days.py",
    "test_source_adapters.py",
    "test_crm_only_e2e.py",
    "test_forecast_e2e.py",
    "test_raw_contract.py",
    "test_quality.py",
    "test_bench.py",
    "test_project_conventions.py",
    "test_docs.py",
    "test_refresh.py",
    "test_raw_registry.py",
    "test_raw_types.py",
)


def pytest_collection_modifyitems(items: list) -> None:
    rank = {name: position for position, name in enumerate(FILE_ORDER)}
    items.sort(key=lambda item: rank.get(item.path.name, len(FILE_ORDER)))


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
    """Run the dbt CLI against a temporary warehouse; returns code and output.

    dbt runs in `work_dir` with the warehouse and its temporary folder named relative to
    it, so every run's profile is the same and the runs of a test session share one
    parse (shared_parse): dbt rejects a saved parse whose profile, project settings or
    vars differ and re-reads any file whose content or env vars changed, so sharing it
    changes nothing but the time."""
    target_path = work_dir / "target"
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_PROJECT_DIR": str(REPO),
        "RAW_DATA_DIR": str(raw_dir),
        "RAW_DATA_FORMAT": raw_format,
        "DUCKDB_PATH": os.path.relpath(db_path, work_dir),
        "DUCKDB_TEMP_DIR": "duckdb_tmp",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    work_dir.mkdir(parents=True, exist_ok=True)
    with shared_parse(target_path, env, args):
        proc = subprocess.run(
            [
                str(DBT),
                *args,
                "--target-path",
                str(target_path),
                "--log-path",
                str(work_dir / "logs"),
            ],
            cwd=work_dir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    return DbtRun(proc.returncode, proc.stdout + proc.stderr, target_path)


# The test session's saved dbt parses (set by the session fixture below), one per
# setting that makes dbt parse anew (a saved parse of another is rejected by dbt).
PARSE_CACHE: Path | None = None
PARSE_SETTINGS = ("RAW_SOURCE_SYSTEM", "DUCKDB_PATH")


@contextmanager
def shared_parse(target_path: Path, env: dict[str, str], args: list[str]):
    """Start a dbt run from the session's saved parse of the same settings, and save
    the run's parse when there is none yet (written whole, then renamed: workers of
    pytest-xdist read and write the same folder)."""
    vars_ = args[args.index("--vars") + 1] if "--vars" in args else ""
    key = "|".join([*(env.get(name, "") for name in PARSE_SETTINGS), vars_])
    saved = (
        PARSE_CACHE / f"{hashlib.sha1(key.encode()).hexdigest()}.msgpack"
        if PARSE_CACHE
        else None
    )
    target_file = target_path / "partial_parse.msgpack"
    if saved and saved.exists():
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, target_file)
    yield
    if saved and not saved.exists() and target_file.exists():
        partial = saved.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(target_file, partial)
        os.replace(partial, saved)


@pytest.fixture(scope="session", autouse=True)
def dbt_parse_cache(tmp_path_factory):
    """The folder of saved dbt parses, shared by the session's xdist workers."""
    global PARSE_CACHE
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    PARSE_CACHE = shared / "dbt_parse"
    PARSE_CACHE.mkdir(exist_ok=True)
    yield PARSE_CACHE


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
