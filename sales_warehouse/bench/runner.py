"""The benchmark runs: per scale, per run, generator, full ``dbt build``, the lower
bound, and the production refresh (``make refresh``) after one appended day. Every
measurement is a fresh child process (``measure.run_measured``); scratch files live
under ``--work-dir`` and are removed after each run unless ``--keep``."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import duckdb

from sales_warehouse.refresh.core import paths as refresh_paths

from . import lower_bound
from .measure import BIN, REPO, log_tail, run_measured, running_nodes

SEED = 42
LOADED_AT = "2026-11-01T06:00:00"
DB_NAME = "warehouse.duckdb"
UNAVAILABLE = "refresh: append_day not available"
# dbt says so on stdout when it cannot reuse the partial parse of its target.
FULL_PARSE = "Unable to do partial parsing"


def dbt_env(raw_dir: Path, db_path: Path, work_dir: Path) -> dict[str, str]:
    """The environment of one dbt invocation: the project, the raw folder and warehouse
    of this measurement; DuckDB settings from the caller's environment (profiles.yml)."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_PROJECT_DIR": str(REPO),
        "RAW_DATA_DIR": str(raw_dir),
        "RAW_DATA_FORMAT": "parquet",
        "DUCKDB_PATH": str(db_path),
        "DUCKDB_TEMP_DIR": os.environ.get(
            "DUCKDB_TEMP_DIR", str(work_dir / "duckdb_tmp")
        ),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def dbt_command(
    command: str, target_path: Path, log_dir: Path, select: str | None
) -> list[str]:
    args = [
        str(BIN / "dbt"),
        command,
        "--target-path",
        str(target_path),
        "--log-path",
        str(log_dir),
    ]
    # A subset builds only the tests whose every parent is built ("buildable").
    return args + (
        ["--select", select, "--indirect-selection", "buildable"] if select else []
    )


def load_append_day():
    """``append_day`` of the generator, or ``None`` while it does not exist."""
    try:
        from sales_warehouse.generator.increment import append_day
    except ImportError:
        return None
    return append_day


def node_timings(run_results: dict) -> dict[str, float]:
    """Execution seconds of every model, seed and test of a dbt run."""
    return {
        r["unique_id"]: r["execution_time"]
        for r in run_results["results"]
        if r["unique_id"].split(".")[0] in ("model", "seed", "test", "unit_test")
    }


def mart_row_counts(db_path: Path, manifest: dict, node_ids: list[str]) -> dict:
    marts = [
        manifest["nodes"][uid]
        for uid in node_ids
        if uid in manifest["nodes"] and lower_bound.is_mart(manifest["nodes"][uid])
    ]
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {
            node["name"]: con.execute(
                f"select count(*) from {node['relation_name']}"
            ).fetchone()[0]
            for node in marts
        }


def generate(scale: float, raw_dir: Path, log_path: Path, seed: int) -> dict:
    """Generate the demo raw data in a fresh child: timing plus the row counts."""
    if raw_dir.exists():
        shutil.rmtree(raw_dir)
    measured = run_measured(
        [
            sys.executable,
            "-m",
            "sales_warehouse.generator",
            "--scale",
            f"{scale:g}",
            "--seed",
            str(seed),
            "--format",
            "parquet",
            "--loaded-at",
            LOADED_AT,
            "--out",
            str(raw_dir),
        ],
        env=dict(os.environ),
        log_path=log_path,
    )
    result = measured.as_dict()
    if measured.ok:
        manifest = json.loads((raw_dir / "_manifest.json").read_text(encoding="utf-8"))
        result["row_counts"] = manifest["row_counts"]
    else:
        result["error"] = log_tail(log_path)
    return result


def build(
    raw_dir: Path,
    db_path: Path,
    target_path: Path,
    work: Path,
    select: str | None,
    name: str,
    timeout: float | None = None,
) -> tuple[dict, dict | None]:
    """A ``dbt build`` into ``db_path``; the measurement and its run_results.json.
    A build stopped at ``timeout`` records the nodes that were still running."""
    work.mkdir(parents=True, exist_ok=True)
    log_path = work / f"{name}.log"
    measured = run_measured(
        dbt_command("build", target_path, work / "dbt_logs", select),
        env=dbt_env(raw_dir, db_path, work),
        log_path=log_path,
        timeout=timeout,
    )
    result = _dbt_result(measured, log_path, timeout)
    results_file = target_path / "run_results.json"
    run_results = _add_run_results(result, results_file)
    results_file.unlink(missing_ok=True)
    return result, run_results


def _dbt_result(measured, log_path: Path, timeout: float | None) -> dict:
    """The measurement of a command that runs dbt: status, whether dbt parsed the
    project from scratch, the nodes still running at a timeout, the log's tail."""
    result = measured.as_dict()
    text = log_path.read_text(encoding="utf-8", errors="replace")
    result["full_parse"] = FULL_PARSE in text
    if measured.timed_out:
        result["timeout_seconds"] = timeout
        result["running_at_timeout"] = running_nodes(log_path)
    if not measured.ok:
        result["error"] = log_tail(log_path)
    return result


def _add_run_results(result: dict, results_file: Path) -> dict | None:
    """dbt's run time and node timings from ``results_file`` into ``result``."""
    if not results_file.exists():
        return None
    run_results = json.loads(results_file.read_text(encoding="utf-8"))
    result["dbt_elapsed_seconds"] = run_results.get("elapsed_time")
    result["node_seconds"] = node_timings(run_results)
    return run_results


def production_refresh(
    raw_dir: Path, built_db: Path, work: Path, seed: int, timeout: float | None = None
) -> dict:
    """Copy the raw folder and the built warehouse (the copy is the live warehouse),
    append one day of new raw data (``append_day``), then time what ``make refresh``
    runs: ``python -m sales_warehouse.refresh`` (GX raw checks, ``dbt build`` into a new
    file, GX mart checks, swap) in a fresh child. Its dbt starts from a warm partial
    parse, as a production refresh after an earlier one does (same build folder and
    environment). Records the refresh's step seconds and its dbt build's node
    timings."""
    append_day = load_append_day()
    if append_day is None:
        return {"status": "unavailable", "reason": UNAVAILABLE}
    raw_copy, live, build_dir = work / "raw", work / "live" / DB_NAME, work / "build"
    if work.exists():
        shutil.rmtree(work)
    live.parent.mkdir(parents=True)
    shutil.copytree(raw_dir, raw_copy)
    shutil.copy2(built_db, live)
    appended = append_day(raw_copy, seed=seed, fmt="parquet")
    env = dbt_env(raw_copy, live, work)
    # The environment and target folder the refresh gives its dbt (refresh/core.py).
    candidate = refresh_paths(live.resolve())[1]
    warm_up(
        {**env, "DUCKDB_PATH": str(candidate)},
        build_dir.resolve() / "refresh" / "target",
        work / "parse",
    )
    log_path = work / "refresh.log"
    measured = run_measured(
        [
            sys.executable,
            "-m",
            "sales_warehouse.refresh",
            "--duckdb-path",
            str(live),
            "--raw-dir",
            str(raw_copy),
            "--format",
            "parquet",
            "--build-dir",
            str(build_dir),
        ],
        env=env,
        log_path=log_path,
        timeout=timeout,
    )
    result = _dbt_result(measured, log_path, timeout)
    result.update(
        refresh_summary(log_path.read_text(encoding="utf-8", errors="replace"))
    )
    _add_run_results(result, build_dir / "refresh" / "serving" / "run_results.json")
    result["appended"] = json.loads(json.dumps(appended, default=str))
    return result


def refresh_summary(text: str) -> dict:
    """The total and the steps' seconds of the refresh's summary line ``Refresh OK: ...
    (12.3 s: raw checks 1.0 s, dbt build 10.0 s, ...)``, or the step it failed at."""
    match = re.search(r"^Refresh OK: .*\(([\d.]+) s: ([^()]*)\)", text, re.MULTILINE)
    if not match:
        failed = re.search(r"^Refresh FAILED at step '([^']+)'", text, re.MULTILINE)
        return {"failed_step": failed.group(1)} if failed else {}
    steps = re.findall(r"([^,]+?) ([\d.]+) s(?:,|$)", match.group(2))
    # A list of [step, seconds], in the order the refresh ran them.
    return {
        "refresh_seconds": float(match.group(1)),
        "steps": [[name.strip(), float(secs)] for name, secs in steps],
    }


def lower_bound_run(
    manifest_path: Path,
    node_ids: list[str],
    raw_dir: Path,
    reference_db: Path,
    work: Path,
    timeout: float | None = None,
) -> dict:
    """The lower bound in a fresh child (its own memory); its session time is the bound."""
    work.mkdir(parents=True, exist_ok=True)
    nodes_file, out_file = work / "nodes.json", work / "lower_bound.json"
    nodes_file.write_text(json.dumps(node_ids), encoding="utf-8")
    env = dbt_env(raw_dir, work / DB_NAME, work)
    measured = run_measured(
        [
            sys.executable,
            "-m",
            "sales_warehouse.bench.lower_bound",
            "--manifest",
            str(manifest_path),
            "--nodes",
            str(nodes_file),
            "--reference",
            str(reference_db),
            "--db",
            str(work / DB_NAME),
            "--out",
            str(out_file),
        ],
        env=env,
        log_path=work / "lower_bound.log",
        timeout=timeout,
    )
    result = measured.as_dict()
    result["wall_seconds"] = result.pop("seconds")
    if measured.ok:
        result.update(json.loads(out_file.read_text(encoding="utf-8")))
    else:
        result["error"] = log_tail(work / "lower_bound.log")
    return result


def bench_scale(
    scale: float,
    *,
    runs: int,
    work_dir: Path,
    select: str | None = None,
    seed: int = SEED,
    generator_runs: int | None = None,
    keep: bool = False,
    echo=print,
    on_run=None,
    timeout: float | None = None,
    skip_lower_bound: bool = False,
) -> dict:
    """Every measurement of one scale: ``{"scale", "row_counts", "runs": [...]}``.

    ``on_run(entry)`` is called after every run, so an interrupted benchmark keeps the
    runs it finished. Every dbt build, lower bound and refresh is stopped after
    ``timeout`` seconds; a build that times out ends the scale (the next runs would
    too). ``select`` narrows the builds and the lower bound; the production refresh
    always builds the whole project, as production does."""
    scale_dir = work_dir / f"scale-{scale:g}"
    if scale_dir.exists():
        shutil.rmtree(scale_dir)
    raw_dir = scale_dir / "raw"
    target_path = scale_dir / "target"
    generator_runs = runs if generator_runs is None else generator_runs
    entry = {
        "scale": scale,
        "seed": seed,
        "select": select,
        "runs": [],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    for run in range(1, runs + 1):
        run_dir = scale_dir / f"run-{run}"
        record: dict = {"run": run}
        entry["runs"].append(record)
        if run <= generator_runs or not raw_dir.exists():
            record["generator"] = generate(
                scale, raw_dir, run_dir / "generator.log", seed
            )
            echo(
                f"  scale {scale:g} run {run}: generator "
                f"{record['generator']['seconds']:.1f} s"
            )
            if record["generator"]["status"] != "ok":
                break
            entry["row_counts"] = record["generator"]["row_counts"]
        db_path = run_dir / "build" / DB_NAME
        record["parse"] = warm_up(
            dbt_env(raw_dir, db_path, run_dir / "build"), target_path, run_dir / "parse"
        )
        if record["parse"]["status"] != "ok":
            echo(f"  scale {scale:g}: dbt parse failed")
            _finish_run(run_dir, keep, on_run, entry)
            break
        record["build"], run_results = build(
            raw_dir, db_path, target_path, run_dir / "build", select, "build", timeout
        )
        echo(
            f"  scale {scale:g} run {run}: dbt build {record['build']['seconds']:.1f} s "
            f"({record['build']['status']})"
        )
        if record["build"]["status"] == "timeout":
            echo(
                f"  scale {scale:g}: stopped at the timeout while running "
                + ", ".join(record["build"]["running_at_timeout"])
            )
            _finish_run(run_dir, keep, on_run, entry)
            break
        if record["build"]["status"] != "ok" or run_results is None:
            _finish_run(run_dir, keep, on_run, entry)
            continue
        # The build compiled every node it ran: its manifest holds exactly that SQL
        # (a fresh warehouse, so incremental models compiled their full-build SQL).
        manifest_path = run_dir / "build" / "manifest.json"
        shutil.copy2(target_path / "manifest.json", manifest_path)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        built = [r["unique_id"] for r in run_results["results"]]
        record["build"]["mart_rows"] = mart_row_counts(db_path, manifest, built)
        record["build"]["node_counts"] = _count_types(built)
        if skip_lower_bound:
            record["lower_bound"] = {"status": "skipped"}
        else:
            record["lower_bound"] = lower_bound_run(
                manifest_path, built, raw_dir, db_path, run_dir / "lower_bound", timeout
            )
        _echo_step(echo, scale, run, "lower bound", record["lower_bound"])
        record["refresh"] = production_refresh(
            raw_dir, db_path, run_dir / "refresh", seed, timeout
        )
        _echo_step(echo, scale, run, "production refresh", record["refresh"])
        _finish_run(run_dir, keep, on_run, entry)
    entry["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if not keep:
        shutil.rmtree(scale_dir, ignore_errors=True)
    return entry


def _echo_step(echo, scale: float, run: int, name: str, step: dict) -> None:
    seconds = f"{step['seconds']:.1f} s " if "seconds" in step else ""
    reason = f": {step['reason']}" if step.get("reason") else ""
    echo(f"  scale {scale:g} run {run}: {name} {seconds}({step['status']}{reason})")


def _finish_run(run_dir: Path, keep: bool, on_run, entry: dict) -> None:
    if not keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    if on_run is not None:
        on_run(entry)


def warm_up(env: dict[str, str], target_path: Path, work: Path) -> dict:
    """``dbt parse`` (untimed) with the environment and target folder of the timed dbt
    run that follows, so that it starts from a warm partial parse, as a developer's
    builds and a production refresh do. dbt reparses everything when its profile
    differs (the warehouse path and DuckDB temp folder are in it), hence the same
    environment."""
    measured = run_measured(
        dbt_command("parse", target_path, work / "dbt_logs", None),
        env=env,
        log_path=work / "parse.log",
    )
    result = measured.as_dict()
    if not measured.ok:
        result["error"] = log_tail(work / "parse.log")
    return result


def _count_types(node_ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for uid in node_ids:
        kind = uid.split(".")[0]
        counts[kind] = counts.get(kind, 0) + 1
    return counts
