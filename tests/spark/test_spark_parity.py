"""Engine parity (README, "Running on Spark"): the same project, unchanged, built on
DuckDB and on Spark (dbt-spark `session`, local[2]) from the same generated raw files
must give the same public marts, row for row.

Run by `make test-spark` (not by `make test`: it needs pyspark and Java 17 and takes
minutes). Both builds are `dbt build`: every seed, model, unit test and data test runs on
both engines. Every mart of `models/marts` is then compared on its primary key (the
`unique` / `unique_combination_of_columns` test of the manifest):

  - same row count, same keys (no key on one side only, none duplicated);
  - strings, integers, booleans, dates and timestamps exactly equal (null = null);
  - money (decimal) to the cent: |duckdb - spark| <= 0.01;
  - rates and other doubles to 1e-6 relative (1e-9 absolute near zero): the engines sum
    floating-point values in different orders.

Spark's tables are Parquet files under its warehouse directory; they are read back with
DuckDB. Both wall times are printed and written to `build/spark_parity.json`.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
SCALE = float(os.environ.get("SPARK_PARITY_SCALE", "0.05"))
SEED = 7
LOADED_AT = "2026-11-01T06:00:00"
MONEY_TOLERANCE = 0.01
DOUBLE_RELATIVE_TOLERANCE = 1e-6
DOUBLE_ABSOLUTE_TOLERANCE = 1e-9
MARTS = sorted(path.stem for path in (REPO / "models" / "marts").rglob("*.sql"))
REPORT = REPO / "build" / "spark_parity.json"


@dataclass
class Builds:
    work_dir: Path
    duckdb_path: Path
    spark_warehouse: Path
    manifest: dict
    seconds: dict[str, float]


def _dbt_build(engine: str, work_dir: Path, raw_dir: Path) -> tuple[float, Path]:
    target_path = work_dir / f"target_{engine}"
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_PROJECT_DIR": str(REPO),
        "DBT_TARGET": engine,
        "RAW_DATA_DIR": str(raw_dir),
        "RAW_DATA_FORMAT": "parquet",
        "DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DUCKDB_TEMP_DIR": str(work_dir / "duckdb_tmp"),
        "SPARK_WAREHOUSE_DIR": str(work_dir / "spark" / "warehouse"),
        "SPARK_METASTORE_DIR": str(work_dir / "spark" / "metastore"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    started = time.monotonic()
    proc = subprocess.run(
        [
            str(DBT),
            "build",
            "--target-path",
            str(target_path),
            "--log-path",
            str(work_dir / f"logs_{engine}"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    summary = [line for line in proc.stdout.splitlines() if "Done. PASS=" in line]
    print(f"\n[{engine}] dbt build: {seconds:.0f} s, {summary[-1] if summary else ''}")
    assert proc.returncode == 0, f"dbt build on {engine} failed:\n{proc.stdout[-8000:]}"
    return seconds, target_path


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    from sales_warehouse.generator import generate

    work_dir = tmp_path_factory.mktemp("spark_parity")
    raw_dir = work_dir / "raw"
    generate(raw_dir, scale=SCALE, seed=SEED, fmt="parquet", loaded_at=LOADED_AT)
    seconds = {}
    seconds["duckdb"], target = _dbt_build("duckdb", work_dir, raw_dir)
    seconds["spark"], _ = _dbt_build("spark", work_dir, raw_dir)
    manifest = json.loads((target / "manifest.json").read_text())
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {"scale": SCALE, "seed": SEED, "dbt_build_seconds": seconds}, indent=2
        )
        + "\n"
    )
    print(
        f"\nwall time of dbt build at scale {SCALE}: "
        + ", ".join(f"{engine} {value:.0f} s" for engine, value in seconds.items())
    )
    return Builds(
        work_dir,
        work_dir / "warehouse.duckdb",
        work_dir / "spark" / "warehouse",
        manifest,
        seconds,
    )


def primary_key(manifest: dict, mart: str) -> list[str]:
    """The columns of the mart's unique test (the conventions test requires one)."""
    model_id = f"model.sales_warehouse.{mart}"
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node.get("attached_node") != model_id:
            continue
        meta = node.get("test_metadata") or {}
        kwargs = meta.get("kwargs", {})
        if meta.get("name") == "unique_combination_of_columns":
            return list(kwargs["combination_of_columns"])
        if meta.get("name") == "unique":
            return [kwargs["column_name"]]
    raise AssertionError(f"{mart}: no unique test to compare on")


def read_marts(builds: Builds, mart: str):
    """(duckdb frame, spark frame, duckdb column types), both read through DuckDB."""
    spark_files = builds.spark_warehouse / "marts.db" / mart
    assert spark_files.is_dir(), f"{mart}: no Spark table at {spark_files}"
    with duckdb.connect(str(builds.duckdb_path), read_only=True) as con:
        types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                [mart],
            ).fetchall()
        )
        duck = con.execute(f"select * from marts.{mart}").df()
        spark = con.execute(
            f"select * from read_parquet('{spark_files}/*.parquet')"
        ).df()
    return duck, spark, types


def values_equal(left, right, data_type: str) -> bool:
    if _is_null(left) or _is_null(right):
        return _is_null(left) and _is_null(right)
    data_type = data_type.upper()
    if data_type.startswith("DECIMAL"):
        return abs(Decimal(str(left)) - Decimal(str(right))) <= Decimal(
            str(MONEY_TOLERANCE)
        )
    if data_type in ("DOUBLE", "FLOAT", "REAL"):
        return math.isclose(
            float(left),
            float(right),
            rel_tol=DOUBLE_RELATIVE_TOLERANCE,
            abs_tol=DOUBLE_ABSOLUTE_TOLERANCE,
        )
    return left == right


def _is_null(value) -> bool:
    """None, NaN and NaT: how a SQL null arrives in a pandas frame."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def test_spark_has_every_public_mart(builds):
    with duckdb.connect(str(builds.duckdb_path), read_only=True) as con:
        duckdb_marts = sorted(
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts'"
            ).fetchall()
        )
    spark_marts = sorted(
        path.name
        for path in (builds.spark_warehouse / "marts.db").iterdir()
        if path.is_dir()
    )
    assert duckdb_marts == MARTS
    assert spark_marts == MARTS


@pytest.mark.parametrize("mart", MARTS)
def test_mart_equal_on_both_engines(builds, mart):
    duck, spark, types = read_marts(builds, mart)
    key = primary_key(builds.manifest, mart)
    assert list(spark.columns) == list(duck.columns), f"{mart}: columns differ"
    assert len(duck) > 0, f"{mart}: empty on DuckDB, nothing compared"
    assert not duck.duplicated(key).any() and not spark.duplicated(key).any(), (
        f"{mart}: duplicate keys {key}"
    )
    merged = duck.merge(
        spark, on=key, how="outer", suffixes=("_duckdb", "_spark"), indicator=True
    )
    only = merged[merged["_merge"] != "both"]
    assert only.empty, (
        f"{mart}: {len(only)} keys on one engine only, e.g.\n"
        f"{only[key + ['_merge']].head(5)}"
    )
    mismatches = []
    for column in duck.columns:
        if column in key:
            continue
        pairs = zip(merged[f"{column}_duckdb"], merged[f"{column}_spark"])
        bad = [
            (left, right)
            for left, right in pairs
            if not values_equal(left, right, types[column])
        ]
        if bad:
            mismatches.append(
                f"{column} ({types[column]}): {len(bad)} rows, e.g. "
                f"duckdb={bad[0][0]!r} spark={bad[0][1]!r}"
            )
    print(
        f"\n  {mart}: {len(duck)} rows on both engines, key {key}, "
        + ("equal" if not mismatches else f"{len(mismatches)} columns differ")
    )
    assert not mismatches, f"{mart}: " + "; ".join(mismatches)
