"""The benchmark harness (sales_warehouse.bench): its statistics against hand-computed
numbers, the report, target checks and before-and-after tables on made-up measurements,
the production-refresh step (degraded, and with the refresh faked), and one end-to-end
run at a tiny scale. Nothing here is timed: the targets are checked by the benchmark
(`make bench`), never by a test."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sales_warehouse.bench import lower_bound, measure, report, runner
from sales_warehouse.bench.__main__ import main
from sales_warehouse.bench.measure import code_lines, run_measured, running_nodes
from sales_warehouse.bench.stats import (
    loglog_slope,
    median_ranking,
    ratio,
    seconds_per_million_rows,
    summarize,
)
from sales_warehouse.refresh.core import RefreshResult

GB = 1024**3
REPO = measure.REPO


# ---------------------------------------------------------------- statistics


def test_summarize_takes_median_min_max_of_the_measured_values():
    assert summarize([3.0, 1.0, 2.0]) == {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3}
    assert summarize([4, 1, 3, 2])["median"] == 2.5
    assert summarize([5.0, None, 7.0]) == {
        "median": 6.0,
        "min": 5.0,
        "max": 7.0,
        "n": 2,
    }
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
        math.log(20 / 10.1) / math.log(100)
    )
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
    ranked = median_ranking(
        [{"a": 1.0, "b": 5.0}, {"a": 3.0, "b": 4.0}, {"a": 2.0}, {"c": 0.5}], top=2
    )
    assert [(r["node"], r["median"], r["min"], r["max"], r["n"]) for r in ranked] == [
        ("b", 4.5, 4.0, 5.0, 2),
        ("a", 2.0, 1.0, 3.0, 3),
    ]


# ---------------------------------------------------------------- report on made-up runs


def _run(
    number: int,
    build: float,
    lower: float | None,
    refresh: float | None,
    peak_gb: float = 1.0,
    slow_model_seconds: float = 1.0,
) -> dict:
    """One made-up run; ``lower=None``: the lower bound was skipped; ``refresh=None``:
    append_day was not available."""
    nodes = {
        "model.sales_warehouse.fct_slow": slow_model_seconds,
        "model.sales_warehouse.fct_fast": 0.1,
        "test.sales_warehouse.unique_fct_slow_id.abc123": 0.2,
        "unit_test.sales_warehouse.fct_slow.case": 0.3,
    }
    record = {
        "run": number,
        "generator": {
            "status": "ok",
            "seconds": 1.0 + number,
            "peak_rss_bytes": GB,
            "major_faults": 0,
            "returncode": 0,
        },
        "build": {
            "status": "ok",
            "seconds": build,
            "dbt_elapsed_seconds": build - 4,
            "peak_rss_bytes": int(peak_gb * GB),
            "major_faults": 0,
            "returncode": 0,
            "node_seconds": nodes,
            "full_parse": False,
            "node_counts": {"model": 2, "test": 1, "unit_test": 1},
            "mart_rows": {"fct_slow": 10},
        },
        "lower_bound": {"status": "skipped"}
        if lower is None
        else {
            "status": "ok",
            "seconds": lower,
            "wall_seconds": lower + 0.5,
            "peak_rss_bytes": GB,
            "major_faults": 0,
            "returncode": 0,
            "executed": {
                "raw_views": 18,
                "seed": 0,
                "model": 2,
                "test": 1,
                "skipped_ephemeral": 0,
            },
            "node_seconds": {"model.sales_warehouse.fct_slow": 0.5},
            "mart_rows": {"fct_slow": 10},
            "settings": {"memory_limit": "4GB"},
        },
    }
    if refresh is None:
        record["refresh"] = {"status": "unavailable", "reason": runner.UNAVAILABLE}
    else:
        # The refresh: 1 s outside its steps, 2 s of GX checks, the rest dbt.
        record["refresh"] = {
            "status": "ok",
            "seconds": refresh,
            "refresh_seconds": refresh - 1,
            "steps": [
                ["raw checks", 1.0],
                ["dbt build", refresh - 3],
                ["mart checks", 1.0],
                ["swap", 0.0],
            ],
            "peak_rss_bytes": int(peak_gb * GB),
            "full_parse": False,
            "node_seconds": {
                "model.sales_warehouse.fct_slow": 2.0,
                "test.sales_warehouse.unique_fct_slow_id.abc123": 0.4,
                "unit_test.sales_warehouse.fct_slow.case": 0.3,
            },
        }
    return record


def _entry(scale: float, builds, lowers, refreshes, **kwargs) -> dict:
    return {
        "scale": scale,
        "seed": 42,
        "select": None,
        "row_counts": {
            "telephony_calls": int(scale * 600_000),
            "crm_users": int(scale * 60),
        },
        "runs": [
            _run(i + 1, b, lb, inc, **kwargs)
            for i, (b, lb, inc) in enumerate(zip(builds, lowers, refreshes))
        ],
    }


def _results(*entries, commit: str = "abc123", sql_lines: int = 1000) -> dict:
    return report.merge(
        report.empty_results(),
        list(entries),
        {
            "command": "python -m sales_warehouse.bench --scales 1 10 30",
            "cores": 2,
            "memory_bytes": 24 * GB,
            "date": "2026-11-23",
            "git_commit": commit,
            "code_lines": {"sql": sql_lines, "yaml": 500},
        },
        ["machine shared"],
    )


def test_scale_summary_is_the_median_of_the_runs():
    summary = report.summarize_scale(
        _entry(1, [30.0, 10.0, 20.0], [8.0, 4.0, 5.0], [6.0, 9.0, 3.0])
    )
    assert summary["build"] == {"median": 20.0, "min": 10.0, "max": 30.0, "n": 3}
    assert summary["lower_bound"]["median"] == 5.0
    # Ratios per run: 30/8, 10/4, 20/5 = 3.75, 2.5, 4.0 -> median 3.75.
    assert summary["overhead_ratio"] == {"median": 3.75, "min": 2.5, "max": 4.0, "n": 3}
    assert summary["refresh"]["median"] == 6.0
    # Refresh ÷ build per run: 6/30, 9/10, 3/20 = 0.2, 0.9, 0.15 -> median 0.2.
    assert summary["refresh_ratio"] == {"median": 0.2, "min": 0.15, "max": 0.9, "n": 3}
    # Step medians; 1 s outside the steps in every run; dbt build 3, 6, 0 -> 3.
    assert summary["refresh_steps"]["dbt build"]["median"] == 3.0
    assert summary["refresh_steps"]["outside the steps"]["median"] == pytest.approx(1.0)
    assert list(summary["refresh_steps"]) == [
        "raw checks",
        "dbt build",
        "mart checks",
        "swap",
        "outside the steps",
    ]
    # The refresh's slowest models and data tests, no unit tests.
    assert [n["node"] for n in summary["slowest_refresh_nodes"]] == [
        "model.sales_warehouse.fct_slow",
        "test.sales_warehouse.unique_fct_slow_id.abc123",
    ]
    assert summary["full_parses"] == (0, 6)
    assert summary["fixed_overhead"]["median"] == pytest.approx(4.0)
    assert summary["raw_rows"] == 600_060
    assert summary["build_per_million_rows"] == pytest.approx(20.0 / 0.60006)
    assert [m["node"] for m in summary["slowest_models"]] == [
        "model.sales_warehouse.fct_slow",
        "model.sales_warehouse.fct_fast",
    ]
    assert summary["slowest_models"][0]["lower_bound_median"] == 0.5
    assert [t["node"] for t in summary["slowest_tests"]] == [
        "test.sales_warehouse.unique_fct_slow_id.abc123"
    ]
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
        _entry(
            30,
            [150.0, 160.0, 170.0],
            [100.0, 100.0, 100.0],
            [6.0, 6.0, 6.0],
            peak_gb=5.0,
            slow_model_seconds=90.0,
        ),
    )
    summaries = [report.summarize_scale(e) for e in report.ordered_entries(results)]
    checks = report.targets(summaries)
    result = {t["target"]: t["status"] for t in checks}
    # scale 10: 55 / 40 = 1.375 <= 1.5, 55 s < 60 s.
    assert (
        result[next(k for k in result if "within 1.5x the lower bound" in k)] == "PASS"
    )
    assert result[next(k for k in result if "under 60 s" in k)] == "PASS"
    # The same scale 10 with a lower bound of 70 s: the SQL alone misses 60 s.
    slow_sql = report.summarize_scale(
        _entry(10, [80.0, 80.0, 80.0], [70.0, 70.0, 70.0], [2.5, 2.5, 2.5])
    )
    under_60 = next(
        t
        for t in report.targets([summaries[0], slow_sql, summaries[2]])
        if "under 60 s" in t["target"]
    )
    assert under_60["status"] == "MISS"
    assert "the compiled SQL alone takes 70.0 s" in under_60["detail"]
    memory = next(t for t in checks if t["target"].startswith("peak memory"))
    assert memory["status"] == "MISS" and "5.00 GB" in memory["detail"]
    assert "`fct_slow`" in memory["detail"]
    assert "(full build, max over runs, scale 30)" in memory["detail"]
    # The production refresh has no target, and no incremental target is left.
    assert not any(
        "refresh" in t["target"]
        and "peak memory" not in t["target"]
        or "incremental" in t["target"]
        for t in checks
    )
    completes = next(t for t in checks if "completes" in t["target"])
    assert completes["status"] == "PASS"
    slope = next(t for t in checks if "linearly" in t["target"])
    expected = loglog_slope([1, 10, 30], [11.0, 55.0, 160.0])
    assert slope["status"] == ("PASS" if expected <= 1 else "MISS")
    assert f"slope {expected:.2f}" in slope["detail"]


def test_a_timed_out_scale_misses_its_targets_and_names_the_running_model():
    stopped = _entry(10, [900.0], [40.0], [None])
    stopped["runs"][0]["build"] = {
        "status": "timeout",
        "seconds": 900.4,
        "timeout_seconds": 900,
        "running_at_timeout": ["sql table model intermediate.int_slow"],
    }
    del stopped["runs"][0]["lower_bound"], stopped["runs"][0]["refresh"]
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
    merged = report.merge(
        first,
        [_entry(1, [12.0], [6.0], [1.0]), _entry(30, [150.0], [100.0], [3.0])],
        {"command": "make bench-large"},
        ["machine shared"],
    )
    assert sorted(merged["scales"]) == ["1", "10", "30"]
    assert merged["scales"]["1"]["runs"][0]["build"]["seconds"] == 12.0
    assert merged["scales"]["10"]["environment"]["command"].endswith("--scales 1 10 30")
    assert merged["scales"]["30"]["environment"]["command"] == "make bench-large"
    assert merged["notes"] == ["machine shared"]


def test_report_files_from_made_up_results(tmp_path):
    results = _results(
        _entry(1, [10.0, 12.0, 11.0], [2.0, 2.0, 2.0], [None] * 3),
        _entry(10, [50.0, 55.0, 58.0], [40.0, 40.0, 40.0], [5.0] * 3),
    )
    report.write_report(results, tmp_path)
    assert json.loads((tmp_path / "results.json").read_text()) == results
    text = (tmp_path / "README.md").read_text()
    # scale 10: build, production refresh, refresh ÷ build (5/55 = 0.09), peak, lower
    # bound.
    assert (
        "| 10 | 6,000,600 | 55.0 [50.0–58.0] | 5.0 [5.0–5.0] | 0.09 [0.09–0.10] | "
        "1.00 [1.00–1.00] | 40.0 [40.0–40.0] |"
    ) in text
    assert runner.UNAVAILABLE in text
    assert "- machine shared" in text
    assert "| `abc123` | 1,000 / 500 |" in text
    assert "| refresh step: dbt build (s) | 2.0 [2.0–2.0] |" in text
    assert "| `unique_fct_slow_id` | test | 0.40 |" in text
    assert "Before and after" not in text
    svg = ET.fromstring((tmp_path / "time_vs_scale.svg").read_text())
    circles = svg.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 5  # build and lower bound at two scales, refresh at one
    assert "production refresh (make refresh), scale 10" in ET.tostring(
        svg, encoding="unicode"
    )


def test_skipped_lower_bound_reads_not_measured():
    results = _results(
        _entry(1, [10.0], [None], [3.0]),
        _entry(10, [50.0, 52.0], [None, None], [20.0, 22.0]),
    )
    summaries = [report.summarize_scale(e) for e in report.ordered_entries(results)]
    assert (
        summaries[1]["lower_bound"] is None and summaries[1]["overhead_ratio"] is None
    )
    within = next(t for t in report.targets(summaries) if "lower bound" in t["target"])
    assert within == {
        "target": "scale 10: full dbt build within 1.5x the lower bound",
        "status": "n/a",
        "detail": "lower bound not measured at scale 10 (--skip-lower-bound)",
    }
    text = report.render_markdown(results)
    # Lower bound and overhead ratio columns of the summary.
    assert (
        "| 51.0 [50.0–52.0] | 21.0 [20.0–22.0] | 0.41 [0.40–0.42] | "
        "1.00 [1.00–1.00] | not measured | not measured |" in text
    )
    assert (
        "| lower bound: compiled SQL in one DuckDB session (s) | not measured |" in text
    )
    assert "Lower-bound check: not measured (skipped with --skip-lower-bound)." in text
    assert "| `fct_slow` | 1.00 | 1.00 | 1.00 | not measured |" in text


def test_results_of_the_old_harness_still_load(tmp_path):
    old = _entry(1, [40.0, 44.0], [10.0, 12.0], [None, None])
    for run in old["runs"]:  # the old harness: key `incremental`, no refresh
        del run["refresh"]
        run["incremental"] = {"status": "ok", "seconds": 30.0 + run["run"]}
    summary = report.summarize_scale(old)
    assert summary["refresh"] is None and summary["refresh_status"] == "not measured"
    assert summary["old_incremental"]["median"] == 31.5
    text = report.render_markdown(_results(old))
    assert (
        "| 42.0 [40.0–44.0] | not measured; in-place incremental (old harness): "
        "31.5 [31.0–32.0] | n/a |"
    ) in text
    # The committed results.json regenerates its report.
    out = tmp_path / "report"
    out.mkdir()
    (out / "results.json").write_text(
        (REPO / "benchmarks" / "results.json").read_text()
    )
    assert main(["--report-only", "--out", str(out)]) == 0
    assert "## Summary" in (out / "README.md").read_text()


def test_compare_puts_both_result_sets_side_by_side_with_ratios(tmp_path):
    before = _results(
        _entry(1, [20.0, 22.0, 24.0], [5.0] * 3, [30.0, 30.0, 32.0], peak_gb=2.0),
        commit="d05fcca",
        sql_lines=1000,
    )
    after = _results(
        _entry(1, [10.0, 11.0, 12.0], [5.0] * 3, [15.0, 15.0, 16.0]),
        _entry(10, [50.0], [40.0], [60.0]),
        commit="beef",
        sql_lines=800,
    )
    before["scales"]["1"]["environment"]["command"] = "make bench (before)"
    text = "\n".join(
        report.compare_section(
            after,
            {
                "label": "before (d05fcca)",
                "path": "old/results.json",
                "results": before,
            },
        )
    )
    assert "Before: **before (d05fcca)**, the results in `old/results.json`" in text
    assert "| measure | before (d05fcca) | after | after ÷ before |" in text
    # Medians 22 -> 11 s, refresh 30 -> 15 s, peak 2 -> 1 GB, SQL lines 1000 -> 800.
    assert (
        "| full `dbt build` (s) | 22.0 [20.0–24.0] | 11.0 [10.0–12.0] | 0.50 |" in text
    )
    assert (
        "| production refresh (`make refresh`) after one new day (s) | "
        "30.0 [30.0–32.0] | 15.0 [15.0–16.0] | 0.50 |"
    ) in text
    assert (
        "| peak memory of the full build (GB) | 2.00 [2.00–2.00] | "
        "1.00 [1.00–1.00] | 0.50 |"
    ) in text
    assert (
        "| lines of SQL+Jinja / YAML in models/ and macros/ | 1,000 / 500 | "
        "800 / 500 | 0.80 (SQL+Jinja) |"
    ) in text
    assert "| git commit | `d05fcca` | `beef` |  |" in text
    assert (
        "| command | `make bench (before)` | "
        "`python -m sales_warehouse.bench --scales 1 10 30` |  |"
    ) in text
    # Scale 10 was measured after only.
    scale_10 = text[text.index("### Scale 10") :]
    assert (
        "| full `dbt build` (s) | not measured | 50.0 [50.0–50.0] | n/a |" in scale_10
    )
    # The command line: --report-only with --compare writes it into README.md.
    (tmp_path / "before").mkdir()
    (tmp_path / "before" / "results.json").write_text(json.dumps(before))
    report.write_report(after, tmp_path / "after")
    assert (
        main(
            [
                "--report-only",
                "--out",
                str(tmp_path / "after"),
                "--compare",
                str(tmp_path / "before"),
                "--compare-label",
                "before (d05fcca)",
            ]
        )
        == 0
    )
    assert (
        "| git commit | `d05fcca` | `beef` |  |"
        in (tmp_path / "after" / "README.md").read_text()
    )


# ---------------------------------------------------------------- measurement


def test_peak_memory_is_the_commands_own_not_the_harness(tmp_path):
    # The harness holds 300 MB: a forked child would inherit that high-water mark.
    ballast = bytearray(300 * 1024**2)
    small = run_measured(["true"], env={}, log_path=tmp_path / "true.log")
    big = run_measured(
        [sys.executable, "-c", "x = bytearray(200 * 1024 ** 2)"],
        env={},
        log_path=tmp_path / "big.log",
    )
    assert len(ballast) and small.ok and big.ok
    assert small.peak_rss_bytes < 100 * 1024**2
    assert big.peak_rss_bytes > 200 * 1024**2
    failed = run_measured(
        ["sh", "-c", "echo boom; exit 3"], env={}, log_path=tmp_path / "fail.log"
    )
    assert failed.as_dict()["status"] == "failed" and failed.returncode == 3
    assert (tmp_path / "fail.log").read_text() == "boom\n"


def test_peak_memory_covers_the_grandchildren_the_child_waited_for(tmp_path):
    # As the refresh runs dbt: a small parent that waits for a 200 MB child.
    child = "x = bytearray(200 * 1024 ** 2)"
    measured = run_measured(
        [
            sys.executable,
            "-c",
            (
                "import subprocess, sys; "
                f"subprocess.run([sys.executable, '-c', {child!r}], check=True)"
            ),
        ],
        env={},
        log_path=tmp_path / "parent.log",
    )
    assert measured.ok and measured.peak_rss_bytes > 200 * 1024**2


def test_code_lines_count_sql_and_yaml_under_models_and_macros(tmp_path):
    (tmp_path / "models" / "marts").mkdir(parents=True)
    (tmp_path / "macros").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "models" / "marts" / "fct_a.sql").write_text(
        "{{ config() }}\nselect 1\n"
    )
    (tmp_path / "models" / "marts" / "_marts.yml").write_text("a: 1\nb: 2\nc: 3\n")
    (tmp_path / "macros" / "m.sql").write_text("{% macro m() %}\n1\n{% endmacro %}")
    (tmp_path / "macros" / "m.yaml").write_text("x: 1\n")
    (tmp_path / "models" / "docs.md").write_text("not counted\n")
    (tmp_path / "seeds" / "s.sql").write_text("not counted\n")
    assert code_lines(tmp_path) == {"sql": 5, "yaml": 4}


def test_a_command_past_the_timeout_is_stopped(tmp_path):
    measured = run_measured(
        ["sleep", "60"], env={}, log_path=tmp_path / "sleep.log", timeout=1
    )
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
        "\x1b[0m12:34:58  205 of 568 PASS not_null_stg_a_id ........... [PASS in 1s]\n"
    )
    assert running_nodes(log) == ["sql table model intermediate.int_slow"]


# ---------------------------------------------------------------- lower bound, no dbt


def _node(uid: str, materialized: str = "table", parents=(), schema: str = "marts"):
    kind, _, name = uid.split(".")[:3]
    return {
        "unique_id": uid,
        "resource_type": kind,
        "name": name,
        "schema": schema,
        "relation_name": f'"warehouse"."{schema}"."{name}"',
        "config": {"materialized": materialized},
        "compiled_code": f"select 1 as {name}",
        "depends_on": {"nodes": list(parents)} if kind != "seed" else {},
    }


def test_lower_bound_runs_nodes_after_their_parents_and_after_materialization():
    nodes = [
        _node("seed.p.codes", "seed", schema="reference"),
        _node("model.p.stg_a", "view", ["seed.p.codes"], schema="staging"),
        _node("model.p.fct_b", "incremental", ["model.p.stg_a", "model.p.eph"]),
        _node("model.p.eph", "ephemeral", ["model.p.stg_a"]),
        _node("test.p.unique_fct_b_id.abc", "test", ["model.p.fct_b"]),
    ]
    manifest = {"nodes": {n["unique_id"]: n for n in nodes}}
    ids = [n["unique_id"] for n in reversed(nodes)] + ["unit_test.p.fct_b.case"]
    order = lower_bound.execution_order(manifest, ids)
    assert "unit_test.p.fct_b.case" not in order and len(order) == 5
    for node in nodes:
        for parent in node["depends_on"].get("nodes", []):
            assert order.index(parent) < order.index(node["unique_id"])
    statements = {
        uid: lower_bound.node_statement(manifest["nodes"][uid])
        for uid in order
        if not uid.startswith("seed.")
    }
    assert statements["model.p.stg_a"] == (
        'create or replace view "warehouse"."staging"."stg_a" as\nselect 1 as stg_a'
    )
    assert statements["model.p.fct_b"].startswith(
        'create or replace table "warehouse"."marts"."fct_b" as\n'
    )
    assert statements["model.p.eph"] is None
    assert statements["test.p.unique_fct_b_id.abc"] == (
        "select count(*) from (\nselect 1 as unique_fct_b_id\n) as dbt_internal_test"
    )
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


def test_the_commit_is_changed_by_a_tracked_file_but_not_by_the_report(
    monkeypatch, tmp_path
):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

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
        commit + " (uncommitted changes)"
    )


# ---------------------------------------------------------------- production refresh


def test_the_refresh_summary_line_gives_the_step_seconds():
    line = RefreshResult(
        live=Path("/w/live/warehouse.duckdb"),
        previous=Path("/w/live/warehouse.previous.duckdb"),
        seconds={
            "raw checks": 1.25,
            "dbt build": 30.0,
            "mart checks": 2.0,
            "swap": 0.01,
        },
    ).summary()
    parsed = runner.refresh_summary(f"[refresh] dbt build into ...\n{line}\n")
    assert parsed == {
        "refresh_seconds": 33.3,
        "steps": [
            ["raw checks", 1.2],
            ["dbt build", 30.0],
            ["mart checks", 2.0],
            ["swap", 0.0],
        ],
    }
    failed = "    dbt output\nRefresh FAILED at step 'mart expectations': the live ..."
    assert runner.refresh_summary(failed) == {"failed_step": "mart expectations"}
    assert runner.refresh_summary("Traceback ...") == {}
    entry = _entry(1, [10.0, 10.0], [5.0, 5.0], [3.0, 3.0])
    entry["runs"][1]["refresh"] = {
        "status": "failed",
        "seconds": 2.0,
        "failed_step": "mart expectations",
    }
    summary = report.summarize_scale(entry)
    assert summary["refresh_status"] == "1 of 2 runs failed at mart expectations"
    assert report._refresh_cell(summary) == (
        "3.0 [3.0–3.0] (1 of 2 runs failed at mart expectations)"
    )


def test_refresh_degrades_when_append_day_is_missing(monkeypatch, tmp_path):
    # A None entry in sys.modules makes the import fail like a missing module.
    monkeypatch.setitem(sys.modules, "sales_warehouse.generator.increment", None)
    assert runner.load_append_day() is None
    record = runner.production_refresh(
        tmp_path / "raw", tmp_path / "warehouse.duckdb", tmp_path / "refresh", 42
    )
    assert record == {
        "status": "unavailable",
        "reason": "refresh: append_day not available",
    }
    summary = report.summarize_scale(_entry(1, [10.0], [5.0], [None]))
    assert summary["refresh"] is None
    assert summary["refresh_status"] == "refresh: append_day not available"


def test_refresh_appends_a_day_to_copies_then_runs_the_production_refresh(
    monkeypatch, tmp_path
):
    raw, built = tmp_path / "raw", tmp_path / "built.duckdb"
    raw.mkdir()
    (raw / "email_events.parquet").write_bytes(b"history")
    built.write_bytes(b"warehouse")
    monkeypatch.setenv("DUCKDB_TEMP_DIR", str(tmp_path / "duckdb_tmp"))
    calls = {}

    def append_day(raw_dir, *, seed, fmt="parquet", day=None):
        calls["append"] = (raw_dir, seed, fmt)
        (raw_dir / "email_events.parquet").write_bytes(b"history+day")
        return {"day": "2026-11-01", "rows": {"email_events": 3}}

    def warm_up(env, target_path, work):
        calls["warm_up"] = (env["DUCKDB_PATH"], target_path)
        return {"status": "ok"}

    def run_measured(command, *, env, log_path, timeout=None):
        calls["command"], calls["env"] = command, env
        args = dict(zip(command[3::2], command[4::2]))
        live = Path(args["--duckdb-path"])
        calls["live"] = (live.name, live.read_bytes())
        served = Path(args["--build-dir"]) / "refresh" / "serving"
        served.mkdir(parents=True)
        (served / "run_results.json").write_text(
            json.dumps(
                {
                    "elapsed_time": 20.0,
                    "results": [
                        {
                            "unique_id": "model.sales_warehouse.fct_a",
                            "execution_time": 3.0,
                        }
                    ],
                }
            )
        )
        result = RefreshResult(
            live=live,
            previous=None,
            seconds={
                "raw checks": 1.0,
                "dbt build": 21.0,
                "mart checks": 2.0,
                "swap": 0.0,
            },
        )
        log_path.write_text(
            f"    1 of 1 OK created sql table model fct_a\n{result.summary()}\n"
        )
        return measure.Measurement(25.0, 2 * GB, 0, 0)

    module = type(sys)("sales_warehouse.generator.increment")
    module.append_day = append_day
    monkeypatch.setitem(sys.modules, "sales_warehouse.generator.increment", module)
    monkeypatch.setattr(runner, "warm_up", warm_up)
    monkeypatch.setattr(runner, "run_measured", run_measured)
    work = tmp_path / "refresh"
    record = runner.production_refresh(raw, built, work, 7)
    assert calls["append"] == (work / "raw", 7, "parquet")
    # The live warehouse is a copy of the build, under the name DuckDB's catalog needs.
    assert calls["live"] == ("warehouse.duckdb", b"warehouse")
    assert calls["command"][1:3] == ["-m", "sales_warehouse.refresh"]
    assert calls["command"][3:] == [
        "--duckdb-path",
        str(work / "live" / "warehouse.duckdb"),
        "--raw-dir",
        str(work / "raw"),
        "--format",
        "parquet",
        "--build-dir",
        str(work / "build"),
    ]
    assert calls["env"]["DUCKDB_TEMP_DIR"] == str(tmp_path / "duckdb_tmp")
    # The untimed parse sees the warehouse path and target folder the refresh's dbt will.
    assert calls["warm_up"] == (
        str(work / "live" / ".warehouse.refresh" / "warehouse.duckdb"),
        work / "build" / "refresh" / "target",
    )
    assert record == {
        "status": "ok",
        "seconds": 25.0,
        "peak_rss_bytes": 2 * GB,
        "major_faults": 0,
        "returncode": 0,
        "timed_out": False,
        "full_parse": False,
        "refresh_seconds": 24.0,
        "steps": [
            ["raw checks", 1.0],
            ["dbt build", 21.0],
            ["mart checks", 2.0],
            ["swap", 0.0],
        ],
        "dbt_elapsed_seconds": 20.0,
        "node_seconds": {"model.sales_warehouse.fct_a": 3.0},
        "appended": {"day": "2026-11-01", "rows": {"email_events": 3}},
    }
    # The run's own raw folder is untouched: the next run starts from the same data.
    assert (raw / "email_events.parquet").read_bytes() == b"history"


# ---------------------------------------------------------------- end to end, tiny scale


@pytest.mark.slow
def test_harness_end_to_end_at_a_tiny_scale(tmp_path, monkeypatch):
    """Generator, a dbt build of a small selection, the lower bound and the report.
    The production refresh step is left out here (it always builds the whole project:
    a minute of the suite); its harness is tested with the refresh's own summary line
    above, and the refresh itself by test_refresh.py and
    test_refresh_appended_days.py."""
    monkeypatch.setattr(runner, "load_append_day", lambda: None)
    out = tmp_path / "report"
    # Two small marts: one over staging, one over a seed (the lower bound loads seeds).
    code = main(
        [
            "--scales",
            "0.2",
            "--runs",
            "1",
            "--select",
            "+dim_reps +dim_lead_sources",
            "--out",
            str(out),
            "--work-dir",
            str(tmp_path / "work"),
            "--note",
            "test run",
        ]
    )
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    entry = results["scales"]["0.2"]
    run = entry["runs"][0]
    assert run["generator"]["status"] == "ok"
    assert run["build"]["status"] == "ok", run["build"].get("error")
    assert run["build"]["peak_rss_bytes"] > 10 * 1024**2
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
    assert run["refresh"] == {"status": "unavailable", "reason": runner.UNAVAILABLE}
    # The timed build started from the warm partial parse of its untimed parse.
    assert not run["build"]["full_parse"]
    # One run: every median is that run's value.
    summary = report.summarize_scale(entry)
    assert summary["build"]["median"] == run["build"]["seconds"]
    assert summary["lower_bound"]["median"] == lower["seconds"]
    assert summary["overhead_ratio"]["median"] == pytest.approx(
        run["build"]["seconds"] / lower["seconds"]
    )
    text = (out / "README.md").read_text()
    assert f"| 0.2 | {sum(entry['row_counts'].values()):,} |" in text
    assert "Lower-bound check: OK" in text
    models = {
        uid: secs
        for uid, secs in run["build"]["node_seconds"].items()
        if uid.startswith("model.")
    }
    slowest = max(models, key=models.get)
    assert f"| `{slowest.split('.')[2]}` | {models[slowest]:.2f} |" in text
    assert "--scales 0.2 --runs 1" in text
    assert entry["environment"]["code_lines"]["sql"] > 1000
    assert entry["environment"]["cores"] >= 1
    ET.fromstring((out / "time_vs_scale.svg").read_text())
    # The scratch folder is cleaned up.
    assert not (tmp_path / "work" / "scale-0.2").exists()
