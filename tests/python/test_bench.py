"""The benchmark harness (sales_warehouse.bench): its statistics against hand-computed
numbers, the report and target checks on made-up measurements, the degraded incremental
step, and one end-to-end run at a tiny scale. Nothing here is timed: the targets are
checked by the benchmark (`make bench`), never by a test."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from sales_warehouse.bench import lower_bound, measure, report, runner
from sales_warehouse.bench.__main__ import main
from sales_warehouse.bench.measure import run_measured, running_nodes
from sales_warehouse.bench.stats import (
    loglog_slope,
    median_ranking,
    ratio,
    seconds_per_million_rows,
    summarize,
)

GB = 1024 ** 3


# ---------------------------------------------------------------- statistics

def test_summarize_takes_median_min_max_of_the_measured_values():
    assert summarize([3.0, 1.0, 2.0]) == {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3}
    assert summarize([4, 1, 3, 2])["median"] == 2.5
    assert summarize([5.0, None, 7.0]) == {"median": 6.0, "min": 5.0, "max": 7.0, "n": 2}
    assert summarize([]) is None
    assert summarize([None]) is None


def test_loglog_slope_against_hand_computed_values():
    # t = 2 s per unit of scale: exactly linear.
    assert loglog_slope([1, 10, 100], [2, 20, 200]) == pytest.approx(1.0)
    # Two points: log(16 / 4) / log(10 / 1).
    assert loglog_slope([1, 10], [4, 16]) == pytest.approx(math.log10(4))
    # Not a perfect fit: x = 0, 1, 2 and y = 0, 2, 2 (in units of ln 10) ->
    # sum((x - 1) * (y - 4/3)) / sum((x - 1) ** 2) = (4/3 + 2/3) / 2 = 1.
    assert loglog_slope([1, 10, 100], [1, 100, 100]) == pytest.approx(1.0)
    # Fixed cost dominates: 10 s + 0.1 s per unit of scale between scale 1 and 100.
    assert loglog_slope([1, 100], [10.1, 20]) == pytest.approx(
        math.log(20 / 10.1) / math.log(100))
    assert loglog_slope([10], [5]) is None
    assert loglog_slope([1, 1], [5, 6]) is None
    assert loglog_slope([1, 10], [0, 6]) is None


def test_per_million_rows_and_ratio():
    assert seconds_per_million_rows(30.0, 3_000_000) == pytest.approx(10.0)
    assert seconds_per_million_rows(None, 10) is None
    assert seconds_per_million_rows(3.0, 0) is None
    assert ratio(6.0, 4.0) == pytest.approx(1.5)
    assert ratio(6.0, 0) is None


def test_median_ranking_orders_nodes_by_their_median_over_runs():
    ranked = median_ranking([{"a": 1.0, "b": 5.0}, {"a": 3.0, "b": 4.0}, {"a": 2.0},
                             {"c": 0.5}], top=2)
    assert [(r["node"], r["median"], r["min"], r["max"], r["n"]) for r in ranked] == [
        ("b", 4.5, 4.0, 5.0, 2), ("a", 2.0, 1.0, 3.0, 3)]


# ---------------------------------------------------------------- report on made-up runs

def _run(number: int, build: float, lower: float, incremental: float | None,
         peak_gb: float = 1.0, slow_model_seconds: float = 1.0) -> dict:
    nodes = {"model.sales_warehouse.fct_slow": slow_model_seconds,
             "model.sales_warehouse.fct_fast": 0.1,
             "test.sales_warehouse.unique_fct_slow_id.abc123": 0.2,
             "unit_test.sales_warehouse.fct_slow.case": 0.3}
    record = {
        "run": number,
        "generator": {"status": "ok", "seconds": 1.0 + number, "peak_rss_bytes": GB,
                      "major_faults": 0, "returncode": 0},
        "build": {"status": "ok", "seconds": build, "dbt_elapsed_seconds": build - 4,
                  "peak_rss_bytes": int(peak_gb * GB), "major_faults": 0,
                  "returncode": 0, "node_seconds": nodes,
                  "node_counts": {"model": 2, "test": 1, "unit_test": 1},
                  "mart_rows": {"fct_slow": 10}},
        "lower_bound": {"status": "ok", "seconds": lower, "wall_seconds": lower + 0.5,
                        "peak_rss_bytes": GB, "major_faults": 0, "returncode": 0,
                        "executed": {"raw_views": 18, "seed": 0, "model": 2, "test": 1,
                                     "skipped_ephemeral": 0},
                        "node_seconds": {"model.sales_warehouse.fct_slow": 0.5},
                        "mart_rows": {"fct_slow": 10}, "settings": {"memory_limit": "4GB"}},
    }
    if incremental is None:
        record["incremental"] = {"status": "unavailable", "reason": runner.UNAVAILABLE}
    else:
        record["incremental"] = {"status": "ok", "seconds": incremental,
                                 "node_seconds": {"model.sales_warehouse.fct_slow": 2.0}}
    return record


def _entry(scale: float, builds, lowers, incrementals, **kwargs) -> dict:
    return {"scale": scale, "seed": 42, "select": None,
            "row_counts": {"telephony_calls": int(scale * 600_000),
                           "crm_users": int(scale * 60)},
            "runs": [_run(i + 1, b, lb, inc, **kwargs)
                     for i, (b, lb, inc) in enumerate(zip(builds, lowers, incrementals))]}


def _results(*entries) -> dict:
    return report.merge(report.empty_results(), list(entries),
                        {"command": "python -m sales_warehouse.bench --scales 1 10 30",
                         "cores": 2, "memory_bytes": 24 * GB, "date": "2026-11-23"},
                        ["machine shared"])


def test_scale_summary_is_the_median_of_the_runs():
    summary = report.summarize_scale(_entry(1, [30.0, 10.0, 20.0], [8.0, 4.0, 5.0],
                                            [6.0, 9.0, 3.0]))
    assert summary["build"] == {"median": 20.0, "min": 10.0, "max": 30.0, "n": 3}
    assert summary["lower_bound"]["median"] == 5.0
    # Ratios per run: 30/8, 10/4, 20/5 = 3.75, 2.5, 4.0 -> median 3.75.
    assert summary["overhead_ratio"] == {"median": 3.75, "min": 2.5, "max": 4.0, "n": 3}
    assert summary["incremental"]["median"] == 6.0
    assert summary["fixed_overhead"]["median"] == pytest.approx(4.0)
    assert summary["raw_rows"] == 600_060
    assert summary["build_per_million_rows"] == pytest.approx(20.0 / 0.60006)
    assert [m["node"] for m in summary["slowest_models"]] == [
        "model.sales_warehouse.fct_slow", "model.sales_warehouse.fct_fast"]
    assert summary["slowest_models"][0]["lower_bound_median"] == 0.5
    assert [t["node"] for t in summary["slowest_tests"]] == [
        "test.sales_warehouse.unique_fct_slow_id.abc123"]
    assert summary["lower_bound_check"]["ok"]


def test_lower_bound_check_fails_on_a_missing_model_or_a_different_mart_count():
    entry = _entry(1, [10.0], [5.0], [1.0])
    entry["runs"][0]["lower_bound"]["mart_rows"] = {"fct_slow": 9}
    check = report.lower_bound_check(entry)
    assert not check["ok"] and check["runs"][0]["mismatched_marts"] == ["fct_slow"]
    entry = _entry(1, [10.0], [5.0], [1.0])
    entry["runs"][0]["lower_bound"]["executed"]["model"] = 1
    assert not report.lower_bound_check(entry)["ok"]


def test_targets_pass_and_miss_with_the_responsible_model():
    results = _results(
        _entry(1, [10.0, 11.0, 12.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
        _entry(10, [50.0, 55.0, 58.0], [40.0, 40.0, 40.0], [2.5, 2.5, 2.5]),
        _entry(30, [150.0, 160.0, 170.0], [100.0, 100.0, 100.0], [6.0, 6.0, 6.0],
               peak_gb=5.0, slow_model_seconds=90.0))
    summaries = [report.summarize_scale(e) for e in report.ordered_entries(results)]
    checks = report.targets(summaries)
    result = {t["target"]: t["status"] for t in checks}
    # scale 10: 55 / 40 = 1.375 <= 1.5, 55 s < 60 s.
    assert result[next(k for k in result if "within 1.5x the lower bound" in k)] == "PASS"
    assert result[next(k for k in result if "under 60 s" in k)] == "PASS"
    # The same scale 10 with a lower bound of 70 s: the SQL alone misses 60 s.
    slow_sql = report.summarize_scale(
        _entry(10, [80.0, 80.0, 80.0], [70.0, 70.0, 70.0], [2.5, 2.5, 2.5]))
    under_60 = next(t for t in report.targets([summaries[0], slow_sql, summaries[2]])
                    if "under 60 s" in t["target"])
    assert under_60["status"] == "MISS"
    assert "the compiled SQL alone takes 70.0 s" in under_60["detail"]
    memory = next(t for t in checks if t["target"].startswith("peak memory"))
    assert memory["status"] == "MISS" and "5.00 GB" in memory["detail"]
    assert "`fct_slow`" in memory["detail"]
    # incremental: 6 s at scale 30 vs 2 s at scale 1 = 3x > 1.5x.
    incremental = next(t for t in checks if "at most 1.5x scale 1" in t["target"])
    assert incremental["status"] == "MISS" and "3.00x" in incremental["detail"]
    # fct_slow: 2 s in the refresh vs 90 s in the full build at scale 30 (2%).
    assert ("`fct_slow` 2.0 s in the refresh vs 90.0 s in the full build (2% of its "
            "full build" in incremental["detail"])
    far_below = next(t for t in checks if "far below" in t["target"])
    assert far_below["status"] == "PASS"  # 6 s vs 160 s
    completes = next(t for t in checks if "completes" in t["target"])
    assert completes["status"] == "PASS"
    slope = next(t for t in checks if "linearly" in t["target"])
    expected = loglog_slope([1, 10, 30], [11.0, 55.0, 160.0])
    assert slope["status"] == ("PASS" if expected <= 1 else "MISS")
    assert f"slope {expected:.2f}" in slope["detail"]


def test_incremental_culprits_tell_history_sized_refreshes_from_partial_ones():
    summary = {"slowest_incremental_models": [
        {"node": "model.sales_warehouse.fct_table", "median": 9.0, "build_median": 10.0},
        {"node": "model.sales_warehouse.fct_incremental", "median": 3.0,
         "build_median": 12.0},
        {"node": "model.sales_warehouse.fct_new", "median": 1.0, "build_median": None},
        {"node": "model.sales_warehouse.fct_fourth", "median": 0.5, "build_median": 1.0}]}
    text = report._incremental_culprit(summary)
    assert ("`fct_table` 9.0 s in the refresh vs 10.0 s in the full build (about as "
            "slow as its full build: it re-reads the whole history)") in text
    assert ("`fct_incremental` 3.0 s in the refresh vs 12.0 s in the full build (25% "
            "of its full build") in text
    assert "`fct_new` 1.0 s" in text and "fct_fourth" not in text


def _refreshes(entry: dict, elapsed: list[float], nodes: list[dict]) -> dict:
    for run, dbt_elapsed, node_seconds in zip(entry["runs"], elapsed, nodes, strict=True):
        run["incremental"]["dbt_elapsed_seconds"] = dbt_elapsed
        run["incremental"]["node_seconds"] = {
            f"{kind}.sales_warehouse.{name}": seconds
            for (kind, name), seconds in node_seconds.items()}
    return entry


def test_refresh_growth_splits_the_larger_refresh_by_part_and_node():
    a, b, c = ("model", "a"), ("model", "b"), ("model", "c")
    x, y = ("test", "x"), ("unit_test", "y")
    small = _refreshes(_entry(1, [10.0] * 3, [2.0] * 3, [20.0, 22.0, 21.0]),
                       [15.0, 16.0, 18.0],
                       [{a: 1.0, b: 2.0, x: 0.5, y: 0.2}, {a: 3.0, b: 2.0, x: 0.7, y: 0.2},
                        {a: 2.0, b: 4.0, x: 0.6, y: 0.2}])
    large = _refreshes(_entry(30, [100.0] * 3, [80.0] * 3, [50.0, 44.0, 47.0]),
                       [40.0, 38.0, 40.0],
                       [{a: 12.0, b: 3.0, x: 2.5, y: 0.3, c: 1.0},
                        {a: 10.0, b: 5.0, x: 3.0, y: 0.3, c: 1.2},
                        {a: 11.0, b: 4.0, x: 2.0, y: 0.1}])
    growth = report.refresh_growth(report.summarize_scale(small),
                                   report.summarize_scale(large), top=3)
    parts = {p["part"].split(",")[0].split(" (")[0]: p for p in growth["parts"]}
    # Wall medians 21 and 47; outside the run phase (wall - elapsed) 5, 6, 3 -> 5 and
    # 10, 6, 7 -> 7; node medians a 2 -> 11, b 2 -> 4, x 0.6 -> 2.5, y 0.2 -> 0.3,
    # c (refresh at scale 30 only) 1.1.
    assert (parts["wall time"]["base"], parts["wall time"]["large"]) == (21.0, 47.0)
    assert parts["wall time"]["growth"] == 26.0
    assert (parts["outside dbt's run phase"]["base"],
            parts["outside dbt's run phase"]["large"]) == (5.0, 7.0)
    assert parts["models"]["base"] == pytest.approx(4.0)
    assert parts["models"]["large"] == pytest.approx(16.1)
    assert parts["data tests"]["growth"] == pytest.approx(1.9)
    assert parts["unit tests"]["growth"] == pytest.approx(0.1)
    assert [(n["part"], n["growth"]) for n in growth["nodes"]] == [
        ("model.sales_warehouse.a", 9.0), ("model.sales_warehouse.b", 2.0),
        ("test.sales_warehouse.x", pytest.approx(1.9))]
    section = "\n".join(report._growth_section(growth))
    assert "## Where the refresh grows from scale 1 to 30" in section
    assert "| wall time | 21.0 | 47.0 | 26.0 |" in section
    assert "| `a` | 2.00 | 11.00 | 9.00 |" in section
    assert "`c`" not in section
    # Without a refresh at either scale there is nothing to compare.
    assert report.refresh_growth(report.summarize_scale(small), None) is None


def test_a_timed_out_scale_misses_its_targets_and_names_the_running_model():
    stopped = _entry(10, [900.0], [40.0], [None])
    stopped["runs"][0]["build"] = {
        "status": "timeout", "seconds": 900.4, "timeout_seconds": 900,
        "running_at_timeout": ["sql table model intermediate.int_slow"]}
    del stopped["runs"][0]["lower_bound"], stopped["runs"][0]["incremental"]
    results = _results(_entry(1, [10.0, 12.0, 11.0], [2.0] * 3, [None] * 3), stopped)
    summaries = [report.summarize_scale(e) for e in report.ordered_entries(results)]
    checks = {t["target"]: t for t in report.targets(summaries)}
    under_60 = next(t for name, t in checks.items() if "under 60 s" in name)
    assert under_60["status"] == "MISS"
    assert "stopped after 900 s with `int_slow` still running" in under_60["detail"]
    # 11 s at scale 1, more than 900 s at scale 10: slope >= log(900 / 11) / log(10).
    slope = next(t for name, t in checks.items() if "linearly" in name)
    assert slope["status"] == "MISS"
    assert f"at least {math.log10(900 / 11):.2f}" in slope["detail"]
    assert "> 900 (timeout)" in report.render_markdown(results)


def test_targets_are_not_applicable_without_the_scales():
    checks = report.targets([report.summarize_scale(_entry(1, [10.0], [5.0], [None]))])
    assert {t["status"] for t in checks if "memory" not in t["target"]} == {"n/a"}


def test_merge_keeps_other_scales_and_replaces_a_remeasured_one():
    first = _results(_entry(1, [10.0], [5.0], [1.0]), _entry(10, [50.0], [40.0], [2.0]))
    merged = report.merge(first, [_entry(1, [12.0], [6.0], [1.0]),
                                  _entry(30, [150.0], [100.0], [3.0])],
                          {"command": "make bench-large"}, ["machine shared"])
    assert sorted(merged["scales"]) == ["1", "10", "30"]
    assert merged["scales"]["1"]["runs"][0]["build"]["seconds"] == 12.0
    assert merged["scales"]["10"]["environment"]["command"].endswith("--scales 1 10 30")
    assert merged["scales"]["30"]["environment"]["command"] == "make bench-large"
    assert merged["notes"] == ["machine shared"]


def test_report_files_from_made_up_results(tmp_path):
    results = _results(_entry(1, [10.0, 12.0, 11.0], [2.0, 2.0, 2.0], [None] * 3),
                       _entry(10, [50.0, 55.0, 58.0], [40.0, 40.0, 40.0], [None] * 3))
    report.write_report(results, tmp_path)
    assert json.loads((tmp_path / "results.json").read_text()) == results
    text = (tmp_path / "README.md").read_text()
    assert "| 10 | 6,000,600 | 55.0 [50.0–58.0] | 40.0 [40.0–40.0] |" in text
    assert runner.UNAVAILABLE in text
    assert "- machine shared" in text
    svg = ET.fromstring((tmp_path / "time_vs_scale.svg").read_text())
    circles = svg.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 4  # build and lower bound at two scales, no incremental
    assert "incremental refresh (one day) (not measured)" in ET.tostring(
        svg, encoding="unicode")


# ---------------------------------------------------------------- measurement

def test_peak_memory_is_the_commands_own_not_the_harness(tmp_path):
    # The harness holds 300 MB: a forked child would inherit that high-water mark.
    ballast = bytearray(300 * 1024 ** 2)
    small = run_measured(["true"], env={}, log_path=tmp_path / "true.log")
    big = run_measured([sys.executable, "-c", "x = bytearray(200 * 1024 ** 2)"],
                       env={}, log_path=tmp_path / "big.log")
    assert len(ballast) and small.ok and big.ok
    assert small.peak_rss_bytes < 100 * 1024 ** 2
    assert big.peak_rss_bytes > 200 * 1024 ** 2
    failed = run_measured(["sh", "-c", "echo boom; exit 3"], env={},
                          log_path=tmp_path / "fail.log")
    assert failed.as_dict()["status"] == "failed" and failed.returncode == 3
    assert (tmp_path / "fail.log").read_text() == "boom\n"


def test_a_command_past_the_timeout_is_stopped(tmp_path):
    measured = run_measured(["sleep", "60"], env={}, log_path=tmp_path / "sleep.log",
                            timeout=1)
    assert measured.timed_out and measured.as_dict()["status"] == "timeout"
    assert measured.seconds < 30


def test_running_nodes_are_started_but_not_finished(tmp_path):
    log = tmp_path / "build.log"
    log.write_text(
        "\x1b[0m12:34:55  203 of 568 START sql view model staging.stg_a ..... [RUN]\n"
        "\x1b[0m12:34:55  204 of 568 START sql table model intermediate.int_slow  [RUN]\n"
        "\x1b[0m12:34:56  203 of 568 OK created sql view model staging.stg_a ... "
        "[\x1b[32mOK\x1b[0m in 0.1s]\n"
        "\x1b[0m12:34:57  205 of 568 START test not_null_stg_a_id ........... [RUN]\n"
        "\x1b[0m12:34:58  205 of 568 PASS not_null_stg_a_id ........... [PASS in 1s]\n")
    assert running_nodes(log) == ["sql table model intermediate.int_slow"]


# ---------------------------------------------------------------- lower bound, no dbt

def _node(uid: str, materialized: str = "table", parents=(), schema: str = "marts"):
    kind, _, name = uid.split(".")[:3]
    return {"unique_id": uid, "resource_type": kind, "name": name, "schema": schema,
            "relation_name": f'"warehouse"."{schema}"."{name}"',
            "config": {"materialized": materialized},
            "compiled_code": f"select 1 as {name}",
            "depends_on": {"nodes": list(parents)} if kind != "seed" else {}}


def test_lower_bound_runs_nodes_after_their_parents_and_after_materialization():
    nodes = [_node("seed.p.codes", "seed", schema="reference"),
             _node("model.p.stg_a", "view", ["seed.p.codes"], schema="staging"),
             _node("model.p.fct_b", "incremental", ["model.p.stg_a", "model.p.eph"]),
             _node("model.p.eph", "ephemeral", ["model.p.stg_a"]),
             _node("test.p.unique_fct_b_id.abc", "test", ["model.p.fct_b"])]
    manifest = {"nodes": {n["unique_id"]: n for n in nodes}}
    ids = [n["unique_id"] for n in reversed(nodes)] + ["unit_test.p.fct_b.case"]
    order = lower_bound.execution_order(manifest, ids)
    assert "unit_test.p.fct_b.case" not in order and len(order) == 5
    for node in nodes:
        for parent in node["depends_on"].get("nodes", []):
            assert order.index(parent) < order.index(node["unique_id"])
    statements = {uid: lower_bound.node_statement(manifest["nodes"][uid])
                  for uid in order if not uid.startswith("seed.")}
    assert statements["model.p.stg_a"] == (
        'create or replace view "warehouse"."staging"."stg_a" as\nselect 1 as stg_a')
    assert statements["model.p.fct_b"].startswith(
        'create or replace table "warehouse"."marts"."fct_b" as\n')
    assert statements["model.p.eph"] is None
    assert statements["test.p.unique_fct_b_id.abc"] == (
        "select count(*) from (\nselect 1 as unique_fct_b_id\n) as dbt_internal_test")
    assert lower_bound.is_mart(manifest["nodes"]["model.p.fct_b"])
    assert not lower_bound.is_mart(manifest["nodes"]["model.p.stg_a"])


def test_lower_bound_settings_come_from_the_profile_and_its_environment(monkeypatch):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "1GB")
    monkeypatch.setenv("DUCKDB_TEMP_DIR", "/tmp/bench_settings_test")
    settings = lower_bound.profile_settings()
    assert settings["memory_limit"] == "1GB"
    assert settings["temp_directory"] == "/tmp/bench_settings_test"
    assert settings["TimeZone"] == "UTC"
    monkeypatch.delenv("DUCKDB_MEMORY_LIMIT")
    assert lower_bound.profile_settings()["memory_limit"] == "3GB"


def test_the_commit_is_changed_by_a_tracked_file_but_not_by_the_report(monkeypatch,
                                                                          tmp_path):
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                        *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "results.json").write_text("{}")
    (tmp_path / "model.sql").write_text("select 1")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    monkeypatch.setattr(measure, "REPO", tmp_path.resolve())
    report_dir = tmp_path / "benchmarks"

    (report_dir / "results.json").write_text('{"scales": {}}')
    commit = measure.environment("cmd", report_dir)["git_commit"]
    assert len(commit) == 40  # a bare hash: only the report changed
    assert measure.environment("cmd")["git_commit"].endswith("(uncommitted changes)")
    (tmp_path / "model.sql").write_text("select 2")
    assert measure.environment("cmd", report_dir)["git_commit"] == (
        commit + " (uncommitted changes)")


# ---------------------------------------------------------------- incremental, degraded

def test_incremental_degrades_when_append_day_is_missing(monkeypatch, tmp_path):
    # A None entry in sys.modules makes the import fail like a missing module.
    monkeypatch.setitem(sys.modules, "sales_warehouse.generator.increment", None)
    assert runner.load_append_day() is None
    record = runner.incremental(tmp_path / "raw", tmp_path / "warehouse.duckdb",
                                tmp_path / "target", tmp_path / "incremental", None, 42)
    assert record == {"status": "unavailable",
                      "reason": "incremental: append_day not available"}
    summary = report.summarize_scale(_entry(1, [10.0], [5.0], [None]))
    assert summary["incremental"] is None
    assert summary["incremental_status"] == "incremental: append_day not available"


def test_incremental_appends_a_day_to_copies_then_builds(monkeypatch, tmp_path):
    raw, built = tmp_path / "raw", tmp_path / "built.duckdb"
    raw.mkdir()
    (raw / "email_events.parquet").write_bytes(b"history")
    built.write_bytes(b"warehouse")
    calls = {}

    def append_day(raw_dir, *, seed, fmt="parquet", day=None):
        calls["append"] = (raw_dir, seed, fmt)
        (raw_dir / "email_events.parquet").write_bytes(b"history+day")
        return {"day": "2026-11-01", "rows": {"email_events": 3}}

    def build(raw_dir, db_path, target_path, work, select, name, timeout=None):
        calls["build"] = (raw_dir, db_path.read_bytes(), name)
        return {"status": "ok", "seconds": 1.5}, None

    module = type(sys)("sales_warehouse.generator.increment")
    module.append_day = append_day
    monkeypatch.setitem(sys.modules, "sales_warehouse.generator.increment", module)
    monkeypatch.setattr(runner, "build", build)
    work = tmp_path / "incremental"
    record = runner.incremental(raw, built, tmp_path / "target", work, None, 7)
    assert calls["append"] == (work / "raw", 7, "parquet")
    assert calls["build"] == (work / "raw", b"warehouse", "incremental")
    assert record == {"status": "ok", "seconds": 1.5,
                      "appended": {"day": "2026-11-01", "rows": {"email_events": 3}}}
    # The run's own raw folder is untouched: the next run starts from the same data.
    assert (raw / "email_events.parquet").read_bytes() == b"history"


# ---------------------------------------------------------------- end to end, tiny scale

@pytest.mark.slow
def test_harness_end_to_end_at_a_tiny_scale(tmp_path):
    """Generator, a dbt build of a small selection, the lower bound and the report."""
    out = tmp_path / "report"
    # Two small marts: one over staging, one over a seed (the lower bound loads seeds).
    code = main(["--scales", "0.05", "--runs", "1", "--select",
                 "+dim_reps +dim_lead_sources",
                 "--out", str(out), "--work-dir", str(tmp_path / "work"),
                 "--note", "test run"])
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    entry = results["scales"]["0.05"]
    run = entry["runs"][0]
    assert run["generator"]["status"] == "ok"
    assert run["build"]["status"] == "ok", run["build"].get("error")
    assert run["build"]["peak_rss_bytes"] > 10 * 1024 ** 2
    assert "model.sales_warehouse.dim_reps" in run["build"]["node_seconds"]
    lower = run["lower_bound"]
    assert lower["status"] == "ok", lower.get("error")
    # The lower bound ran every seed, model and data test the build ran ...
    for kind in ("seed", "model", "test"):
        assert lower["executed"][kind] == run["build"]["node_counts"].get(kind, 0)
    assert lower["executed"]["raw_views"] == 18
    assert lower["executed"]["seed"] >= 1 and lower["executed"]["test"] >= 1
    # ... and produced the marts dbt produced, with the same row counts.
    assert lower["mart_rows"] == run["build"]["mart_rows"]
    assert lower["mart_rows"]["dim_reps"] > 0
    assert lower["mart_rows"]["dim_lead_sources"] > 0
    assert lower["failing_tests"] == {}
    assert lower["settings"]["TimeZone"] == "UTC"
    if runner.load_append_day() is None:
        assert run["incremental"] == {"status": "unavailable",
                                      "reason": runner.UNAVAILABLE}
    else:
        assert run["incremental"]["status"] == "ok", run["incremental"].get("error")
    # One run: every median is that run's value.
    summary = report.summarize_scale(entry)
    assert summary["build"]["median"] == run["build"]["seconds"]
    assert summary["lower_bound"]["median"] == lower["seconds"]
    assert summary["overhead_ratio"]["median"] == pytest.approx(
        run["build"]["seconds"] / lower["seconds"])
    text = (out / "README.md").read_text()
    assert f"| 0.05 | {sum(entry['row_counts'].values()):,} |" in text
    assert "Lower-bound check: OK" in text
    models = {uid: secs for uid, secs in run["build"]["node_seconds"].items()
              if uid.startswith("model.")}
    slowest = max(models, key=models.get)
    assert f"| `{slowest.split('.')[2]}` | {models[slowest]:.2f} |" in text
    assert "--scales 0.05 --runs 1" in text
    assert entry["environment"]["cores"] >= 1
    ET.fromstring((out / "time_vs_scale.svg").read_text())
    # The scratch folder is cleaned up.
    assert not (tmp_path / "work" / "scale-0.05").exists()
