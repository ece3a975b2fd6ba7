"""The committed report: ``results.json`` (every run's raw measurements, merged across
invocations by scale), ``README.md`` (tables, slope, target checks, and optionally a
before-and-after comparison with another results.json) and ``time_vs_scale.svg``, all
regenerated from the results alone.

Results written before the harness measured the production refresh hold an in-place
incremental ``dbt build`` under the key ``incremental``: they still load, and the report
shows it as "in-place incremental (old harness)", never as the production refresh."""

from __future__ import annotations

import json
import math
from pathlib import Path

from .stats import (
    loglog_slope,
    median_ranking,
    ratio,
    seconds_per_million_rows,
    summarize,
)

SCHEMA_VERSION = 1
GB = 1024**3
# Targets of the speed issue (checked here, never by timed tests).
TARGET_SCALE = 10
LARGE_SCALE = 30
MAX_OVERHEAD_RATIO = 1.5
MAX_BUILD_SECONDS = 60
MAX_PEAK_BYTES = 4 * GB
# Cost grows no worse than linearly with scale: log-log slope at most 1.
MAX_SLOPE = 1.0
# Activity and email-event tables (the "ten million rows at scale 10" of the issue).
ACTIVITY_TABLES = (
    "crm_meetings",
    "email_messages",
    "email_events",
    "telephony_calls",
    "telephony_sms",
)
SERIES = (
    ("build", "full dbt build", "#1f77b4"),
    ("lower_bound", "lower bound (one DuckDB session)", "#2ca02c"),
    ("refresh", "production refresh (make refresh)", "#d62728"),
)
REFRESH = "production refresh (`make refresh`) after one new day"
OLD_INCREMENTAL = "in-place incremental (old harness)"
NOT_MEASURED = "not measured"


# ---------------------------------------------------------------- results.json


def empty_results() -> dict:
    return {"schema_version": SCHEMA_VERSION, "notes": [], "scales": {}}


def load_results(path: Path) -> dict:
    if not path.exists():
        return empty_results()
    results = json.loads(path.read_text(encoding="utf-8"))
    if results.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(
            f"{path}: schema_version {results.get('schema_version')} is "
            f"not {SCHEMA_VERSION}; rerun the benchmark with --fresh"
        )
    return results


def scale_key(scale: float) -> str:
    return f"{scale:g}"


def merge(
    results: dict,
    entries: list[dict],
    environment: dict,
    notes: list[str] | None = None,
) -> dict:
    """Add (or replace) the entries of the scales just measured; other scales stay."""
    merged = {
        **results,
        "scales": dict(results.get("scales", {})),
        "notes": list(results.get("notes", [])),
    }
    for entry in entries:
        merged["scales"][scale_key(entry["scale"])] = {
            **entry,
            "environment": environment,
        }
    for note in notes or []:
        if note not in merged["notes"]:
            merged["notes"].append(note)
    return merged


def ordered_entries(results: dict) -> list[dict]:
    return sorted(results["scales"].values(), key=lambda entry: entry["scale"])


# ---------------------------------------------------------------- summaries


def _ok(step: dict | None) -> bool:
    return bool(step) and step.get("status") == "ok"


def _values(entry: dict, step: str, key: str = "seconds") -> list[float]:
    return [run[step][key] for run in entry["runs"] if _ok(run.get(step))]


def summarize_scale(entry: dict) -> dict:
    """Median [min, max] of every figure of one scale, plus the rankings and checks."""
    runs = entry["runs"]
    builds = [run["build"] for run in runs if _ok(run.get("build"))]
    row_counts = entry.get("row_counts") or {}
    raw_rows = sum(row_counts.values()) if row_counts else None
    activity_rows = sum(row_counts.get(t, 0) for t in ACTIVITY_TABLES) or None
    refreshes = [run["refresh"] for run in runs if _ok(run.get("refresh"))]
    dbt_runs = [
        step
        for run in runs
        for step in (run.get("build"), run.get("refresh"))
        if step and "full_parse" in step
    ]
    summary = {
        "scale": entry["scale"],
        "runs": len(runs),
        "raw_rows": raw_rows,
        "activity_rows": activity_rows,
        "generator": summarize(_values(entry, "generator")),
        "build": summarize(_values(entry, "build")),
        "peak_memory": summarize(_values(entry, "build", "peak_rss_bytes")),
        "major_faults": summarize(_values(entry, "build", "major_faults")),
        "lower_bound_peak_memory": summarize(
            _values(entry, "lower_bound", "peak_rss_bytes")
        ),
        "fixed_overhead": _outside_run_phase(builds),
        "lower_bound": summarize(_values(entry, "lower_bound")),
        "lower_bound_skipped": any(
            (run.get("lower_bound") or {}).get("status") == "skipped" for run in runs
        ),
        "overhead_ratio": _per_run_ratio(runs, "build", "lower_bound"),
        "refresh": summarize(_values(entry, "refresh")),
        "refresh_status": _refresh_status(
            [run.get("refresh") for run in runs if run.get("refresh")]
        ),
        "refresh_ratio": _per_run_ratio(runs, "refresh", "build"),
        "refresh_peak_memory": summarize(_values(entry, "refresh", "peak_rss_bytes")),
        "refresh_steps": _refresh_steps(refreshes),
        "refreshes_failed": sum(
            1
            for run in runs
            if run.get("refresh") and run["refresh"]["status"] in ("failed", "timeout")
        ),
        "old_incremental": summarize(_values(entry, "incremental")),
        "full_parses": (
            sum(1 for step in dbt_runs if step["full_parse"]),
            len(dbt_runs),
        ),
        "builds_failed": sum(
            1 for run in runs if run.get("build") and not _ok(run["build"])
        ),
        "timeouts": [
            {
                "run": run["run"],
                "seconds": run["build"]["timeout_seconds"],
                "running": run["build"].get("running_at_timeout", []),
            }
            for run in runs
            if (run.get("build") or {}).get("status") == "timeout"
        ],
        "slowest_models": _ranking(builds, "model."),
        "slowest_tests": _ranking(builds, "test."),
        "slowest_refresh_nodes": _ranking(refreshes, ("model.", "test.")),
        "lower_bound_check": lower_bound_check(entry),
    }
    summary["build_per_million_rows"] = seconds_per_million_rows(
        (summary["build"] or {}).get("median"), raw_rows
    )
    lower_nodes = [
        run["lower_bound"].get("node_seconds", {})
        for run in runs
        if _ok(run.get("lower_bound"))
    ]
    for item in summary["slowest_models"]:
        lower = summarize(nodes.get(item["node"]) for nodes in lower_nodes)
        item["lower_bound_median"] = lower["median"] if lower else None
    return summary


def _per_run_ratio(runs: list[dict], numerator: str, denominator: str) -> dict | None:
    """Median [min, max] over the runs of one step's seconds divided by another's."""
    return summarize(
        ratio(run[numerator]["seconds"], run[denominator]["seconds"])
        for run in runs
        if _ok(run.get(numerator)) and _ok(run.get(denominator))
    )


def _refresh_steps(refreshes: list[dict]) -> dict[str, dict | None]:
    """Each step of the refresh's summary line, plus the wall time outside the steps
    (Python start-up and imports, the lock, saving the dbt artifacts)."""
    if not refreshes:
        return {}
    per_run = [dict(step.get("steps", [])) for step in refreshes]
    names = dict.fromkeys(
        name for step in refreshes for name, _ in step.get("steps", [])
    )
    steps = {name: summarize(run.get(name) for run in per_run) for name in names}
    steps["outside the steps"] = summarize(
        step["seconds"] - step["refresh_seconds"]
        for step in refreshes
        if step.get("refresh_seconds") is not None
    )
    return steps


def _outside_run_phase(steps: list[dict]) -> dict | None:
    """dbt's time outside its run phase (start-up, parse, final checkpoint, artifacts):
    wall time minus run_results' `elapsed_time`, over the steps that recorded it."""
    return summarize(
        step["seconds"] - step["dbt_elapsed_seconds"]
        for step in steps
        if step.get("dbt_elapsed_seconds") is not None
    )


def _ranking(steps: list[dict], prefix: str | tuple[str, ...]) -> list[dict]:
    per_run = [
        {
            uid: secs
            for uid, secs in step.get("node_seconds", {}).items()
            if uid.startswith(prefix)
        }
        for step in steps
    ]
    return median_ranking(per_run, top=10)


def _refresh_status(steps: list[dict]) -> str:
    if not steps:
        return NOT_MEASURED
    reasons = {
        step.get("reason") for step in steps if step.get("status") == "unavailable"
    }
    if reasons:
        return "; ".join(sorted(r for r in reasons if r))
    failed = [step for step in steps if not _ok(step)]
    at = sorted({step["failed_step"] for step in failed if step.get("failed_step")})
    return (
        f"{len(failed)} of {len(steps)} runs failed"
        + (f" at {', '.join(at)}" if at else "")
        if failed
        else "ok"
    )


def lower_bound_check(entry: dict) -> dict:
    """Did the lower bound run every seed, model and test dbt built, and produce the
    same mart row counts as dbt?"""
    checks = []
    for run in entry["runs"]:
        build, lower = run.get("build"), run.get("lower_bound")
        if not (_ok(build) and _ok(lower)):
            continue
        expected = build.get("node_counts", {})
        executed = lower["executed"]
        all_nodes = all(
            executed.get(kind, 0)
            + (executed.get("skipped_ephemeral", 0) if kind == "model" else 0)
            == expected.get(kind, 0)
            for kind in ("seed", "model", "test")
        )
        mismatched = sorted(
            name
            for name in set(build.get("mart_rows", {})) | set(lower["mart_rows"])
            if build.get("mart_rows", {}).get(name) != lower["mart_rows"].get(name)
        )
        checks.append(
            {
                "run": run["run"],
                "all_nodes": all_nodes,
                "expected": expected,
                "executed": executed,
                "marts": len(lower["mart_rows"]),
                "mismatched_marts": mismatched,
            }
        )
    return {
        "runs": checks,
        "ok": bool(checks)
        and all(c["all_nodes"] and not c["mismatched_marts"] for c in checks),
    }


def slopes(summaries: list[dict]) -> dict[str, float | None]:
    """Log-log slope of each median against scale, over every measured scale."""
    out = {}
    for key in ("generator", "build", "lower_bound", "refresh"):
        points = [(s["scale"], s[key]["median"]) for s in summaries if s[key]]
        out[key] = loglog_slope([p[0] for p in points], [p[1] for p in points])
    return out


def _median(summary: dict | None, key: str) -> float | None:
    value = (summary or {}).get(key)
    return value["median"] if value else None


def _culprit(summary: dict, why: str) -> str:
    if not summary["slowest_models"]:
        return ""
    top = summary["slowest_models"][0]
    lower = top.get("lower_bound_median")
    lower_text = f", {lower:.1f} s in one DuckDB session" if lower is not None else ""
    return (
        f" Responsible: `{_short(top['node'])}` (slowest model, median "
        f"{top['median']:.1f} s in dbt{lower_text}); {why}"
    )


def _timeout_text(summary: dict | None) -> str | None:
    """``stopped after 900 s with `model` running`` when a build hit the timeout."""
    if not summary or not summary["timeouts"]:
        return None
    first = summary["timeouts"][0]
    running = ", ".join(f"`{_short_description(r)}`" for r in first["running"])
    return f"the build did not finish: stopped after {first['seconds']:g} s" + (
        f" with {running} still running" if running else ""
    )


def _short_description(description: str) -> str:
    """``sql table model intermediate.int_x`` -> ``int_x``."""
    return description.split()[-1].split(".")[-1]


def slope_floor(summaries: list[dict]) -> tuple[float, float] | None:
    """The smallest slope a timed-out larger scale implies: its build took at least the
    timeout. ``(slope, scale)`` of the steepest such bound, or ``None``."""
    measured = [s for s in summaries if s["build"]]
    if not measured:
        return None
    base = measured[0]
    floors = [
        (
            loglog_slope(
                [base["scale"], s["scale"]],
                [base["build"]["median"], s["timeouts"][0]["seconds"]],
            ),
            s["scale"],
        )
        for s in summaries
        if s["timeouts"] and s["scale"] > base["scale"]
    ]
    floors = [f for f in floors if f[0] is not None]
    return max(floors) if floors else None


def targets(summaries: list[dict]) -> list[dict]:
    """PASS / MISS / n/a of each target of the speed issue, with the reason. The
    production refresh has no target: the report shows its time and its ratio to the
    full build."""
    by_scale = {s["scale"]: s for s in summaries}
    target, large = by_scale.get(TARGET_SCALE), by_scale.get(LARGE_SCALE)
    lines = []

    def add(name: str, passed: bool | None, detail: str, missed: str = "") -> None:
        status = "n/a" if passed is None else ("PASS" if passed else "MISS")
        lines.append(
            {
                "target": name,
                "status": status,
                "detail": detail + (missed if passed is False else ""),
            }
        )

    name = (
        f"scale {TARGET_SCALE:g}: full dbt build within {MAX_OVERHEAD_RATIO:g}x "
        "the lower bound"
    )
    overhead = _median(target, "overhead_ratio")
    if overhead is None and _timeout_text(target):
        add(name, None, _timeout_text(target) + ", so no ratio")
    elif overhead is None:
        add(
            name,
            None,
            f"scale {TARGET_SCALE:g} not measured"
            if not target
            else f"lower bound {NOT_MEASURED} at scale {TARGET_SCALE:g}"
            + (" (--skip-lower-bound)" if target["lower_bound_skipped"] else ""),
        )
    else:
        fixed = _median(target, "fixed_overhead")
        fixed_text = (
            f"; {fixed:.1f} s of each build is spent outside dbt's run "
            "phase (start-up, parsing, writing artifacts)"
            if fixed is not None
            else ""
        )
        add(
            name,
            overhead <= MAX_OVERHEAD_RATIO,
            f"median ratio {overhead:.2f}",
            _culprit(
                target,
                "dbt runs every node as its own statement with "
                f"per-node overhead{fixed_text}.",
            ),
        )
    name = f"scale {TARGET_SCALE:g}: full dbt build under {MAX_BUILD_SECONDS} s"
    seconds = _median(target, "build")
    if seconds is None and _timeout_text(target):
        add(name, False, _timeout_text(target) + ".")
    elif seconds is None:
        add(name, None, f"scale {TARGET_SCALE:g} not measured")
    else:
        lower = _median(target, "lower_bound")
        why = (
            f"the compiled SQL alone takes {lower:.1f} s in one DuckDB session (the "
            "lower bound), so the target needs faster SQL, not less dbt overhead; "
            "this model takes the largest share of it."
            if lower is not None and lower >= MAX_BUILD_SECONDS
            else "it takes the largest share of the build."
        )
        add(
            name,
            seconds < MAX_BUILD_SECONDS,
            f"median {seconds:.1f} s",
            _culprit(target, why),
        )
    name = (
        f"peak memory of the full build and the production refresh under "
        f"{MAX_PEAK_BYTES / GB:g} GB at every scale"
    )
    peaks = [
        (s[key]["max"], s["scale"], label)
        for s in summaries
        for key, label in (
            ("peak_memory", "full build"),
            ("refresh_peak_memory", "refresh"),
        )
        if s[key]
    ]
    if not peaks:
        add(name, None, "nothing measured")
    else:
        worst, worst_scale, label = max(peaks, key=lambda peak: peak[0])
        add(
            name,
            worst < MAX_PEAK_BYTES,
            f"highest {worst / GB:.2f} GB ({label}, max over runs, scale "
            f"{worst_scale:g})",
            _culprit(
                by_scale[worst_scale],
                "the largest table build holds the most data in memory.",
            ),
        )
    name = (
        f"scale {LARGE_SCALE:g} completes with the profile's DuckDB memory limit, "
        "no swapping"
    )
    if large is None:
        add(name, None, f"scale {LARGE_SCALE:g} not measured (make bench-large)")
    elif _timeout_text(large):
        add(name, False, _timeout_text(large) + ".")
    else:
        faults = (large["major_faults"] or {}).get("max")
        add(
            name,
            (
                large["builds_failed"] == 0
                and large["refreshes_failed"] == 0
                and large["build"] is not None
            ),
            f"{large['builds_failed']} of {large['runs']} builds and "
            f"{large['refreshes_failed']} refreshes failed; major page faults of the "
            f"builds max {faults if faults is not None else 'n/a'}",
            _culprit(large, "see the failed run's log."),
        )
    name = (
        f"cost grows no worse than linearly with scale "
        f"(log-log slope of the build at most {MAX_SLOPE:g})"
    )
    slope = slopes(summaries)["build"]
    floor = slope_floor(summaries)
    if floor is not None and floor[0] > MAX_SLOPE:
        timed_out = next(s for s in summaries if s["scale"] == floor[1])
        add(
            name,
            False,
            f"slope at least {floor[0]:.2f}: at scale {floor[1]:g} "
            + _timeout_text(timed_out)
            + f"; {_num(slope, 2)} over the finished scales",
        )
    elif slope is None:
        add(name, None, "needs at least two scales")
    else:
        add(
            name,
            slope <= MAX_SLOPE,
            f"slope {slope:.2f} over scales "
            + ", ".join(f"{s['scale']:g}" for s in summaries if s["build"]),
            _growth_culprit(summaries),
        )
    return lines


def _growth_culprit(summaries: list[dict]) -> str:
    """The model whose time grows fastest between the smallest and largest scale."""
    measured = [s for s in summaries if s["slowest_models"]]
    if len(measured) < 2:
        return ""
    small, big = measured[0], measured[-1]
    before = {m["node"]: m["median"] for m in small["slowest_models"]}
    growth = [
        (
            loglog_slope(
                [small["scale"], big["scale"]], [before[m["node"]], m["median"]]
            ),
            m["node"],
        )
        for m in big["slowest_models"]
        if before.get(m["node"])
    ]
    growth = [g for g in growth if g[0] is not None]
    if not growth:
        return ""
    worst, node = max(growth)
    return (
        f" Responsible: `{_short(node)}` grows with slope {worst:.2f} between "
        f"scale {small['scale']:g} and {big['scale']:g}."
    )


# ---------------------------------------------------------------- rendering


def _short(uid: str) -> str:
    """``model.pkg.name`` and ``test.pkg.name.hash`` -> ``name``."""
    parts = uid.split(".")
    return parts[2] if len(parts) > 2 else uid


def _fmt(
    summary: dict | None, unit: float = 1.0, digits: int = 1, missing: str = "n/a"
) -> str:
    if not summary:
        return missing
    med, low, high = (summary[k] / unit for k in ("median", "min", "max"))
    return f"{med:.{digits}f} [{low:.{digits}f}–{high:.{digits}f}]"


def _rows(value: int | None) -> str:
    return f"{value:,}" if value is not None else "n/a"


def _refresh_cell(summary: dict | None) -> str:
    """The production refresh, or the old harness's in-place incremental build."""
    if not summary:
        return NOT_MEASURED
    if summary["refresh"]:
        status = summary["refresh_status"]
        return _fmt(summary["refresh"]) + ("" if status == "ok" else f" ({status})")
    if summary["old_incremental"]:
        return f"{NOT_MEASURED}; {OLD_INCREMENTAL}: {_fmt(summary['old_incremental'])}"
    return summary["refresh_status"]


def _code_lines(entry: dict | None) -> str:
    lines = (entry or {}).get("environment", {}).get("code_lines")
    return f"{lines['sql']:,} / {lines['yaml']:,}" if lines else "not recorded"


def _environment_lines(entries: list[dict]) -> list[str]:
    lines = [
        (
            "| scale | date (UTC) | git commit | lines SQL+Jinja / YAML in models/ and "
            "macros/ | cores | memory / swap | CPU | load average at start ; end | "
            "Python / dbt-core / dbt-duckdb / DuckDB |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for entry in entries:
        env = entry.get("environment", {})
        memory, swap = env.get("memory_bytes"), env.get("swap_bytes")
        start = entry.get("load_average_at_start", env.get("load_average_at_start", []))
        loads = (
            " / ".join(str(x) for x in start)
            + " ; "
            + " / ".join(str(x) for x in entry.get("load_average_at_end", []))
        )
        lines.append(
            f"| {entry['scale']:g} | {env.get('date', '?')} | "
            f"`{env.get('git_commit', '?')}` | {_code_lines(entry)} "
            f"| {env.get('cores', '?')} | "
            f"{f'{memory / GB:.1f} GB' if memory else '?'} / "
            f"{f'{swap / GB:.1f} GB' if swap is not None else '?'} | "
            f"{env.get('cpu_model', '?')} | {loads} | "
            f"{env.get('python', '?')} / {env.get('dbt_core', '?')} / "
            f"{env.get('dbt_duckdb', '?')} / {env.get('duckdb', '?')} |"
        )
    commands = sorted({e.get("environment", {}).get("command", "?") for e in entries})
    lines += ["", "Exact command(s):", "", "```bash", *commands, "```"]
    settings = sorted(
        {
            json.dumps(
                {
                    k: v
                    for k, v in run["lower_bound"].get("settings", {}).items()
                    if k != "temp_directory"
                },
                sort_keys=True,
            )
            for e in entries
            for run in e["runs"]
            if _ok(run.get("lower_bound"))
        }
    )
    if settings:
        lines += [
            "",
            "DuckDB settings (from `profiles.yml` and its environment "
            "variables), the same for dbt and the lower bound, temp_directory in "
            "the scratch folder: " + "; ".join(f"`{s}`" for s in settings),
        ]
    return lines


def _scale_section(summary: dict) -> list[str]:
    build = _fmt(summary["build"])
    if _timeout_text(summary):
        build += f" ({_timeout_text(summary)} in run {summary['timeouts'][0]['run']})"
    lower = {"missing": NOT_MEASURED}
    measures = [
        ("generator (s)", _fmt(summary["generator"])),
        ("full `dbt build` (s)", build),
        ("peak memory of the dbt build (GB)", _fmt(summary["peak_memory"], GB, 2)),
        (
            (
                "dbt outside its run phase: start-up, parse, artifacts (wall − "
                "`elapsed_time`, s)"
            ),
            _fmt(summary["fixed_overhead"]),
        ),
        (f"{REFRESH} (s)", _refresh_cell(summary)),
        *(
            (f"refresh step: {name} (s)", _fmt(step))
            for name, step in summary["refresh_steps"].items()
        ),
        ("refresh ÷ full build (per run)", _fmt(summary["refresh_ratio"], digits=2)),
        (
            "peak memory of the refresh, its largest process (GB)",
            _fmt(summary["refresh_peak_memory"], GB, 2),
        ),
        (
            "lower bound: compiled SQL in one DuckDB session (s)",
            _fmt(summary["lower_bound"], **lower),
        ),
        (
            "peak memory of the lower bound (GB)",
            _fmt(summary["lower_bound_peak_memory"], GB, 2, **lower),
        ),
        (
            "dbt overhead ratio (build ÷ lower bound)",
            _fmt(summary["overhead_ratio"], digits=2, **lower),
        ),
        (
            "full build per million raw rows (s)",
            _num(summary["build_per_million_rows"]),
        ),
    ]
    lines = [
        f"### Scale {summary['scale']:g}",
        "",
        (
            f"{summary['runs']} runs; {_rows(summary['raw_rows'])} raw rows, of which "
            f"{_rows(summary['activity_rows'])} activity and email-event rows."
        ),
        "",
        "| measure | median [min–max] |",
        "|---|---|",
        *(_row(*measure) for measure in measures),
        "",
    ]
    full, timed = summary["full_parses"]
    if full:
        lines += [
            (
                f"dbt parsed the whole project in {full} of {timed} timed builds and "
                "refreshes (not the warm partial parse they should start from)."
            ),
            "",
        ]
    check = summary["lower_bound_check"]
    if check["runs"]:
        first = check["runs"][0]
        executed = first["executed"]
        mismatched = sorted({m for c in check["runs"] for m in c["mismatched_marts"]})
        expected = first["expected"]
        lines.append(
            f"Lower-bound check: {'OK' if check['ok'] else 'FAILED'}: it ran "
            f"{executed.get('seed', 0)} seeds, {executed.get('model', 0)} models and "
            f"{executed.get('test', 0)} data tests (dbt built {expected.get('seed', 0)}, "
            f"{expected.get('model', 0)} and {expected.get('test', 0)}, and ran "
            f"{expected.get('unit_test', 0)} unit tests, which the lower bound skips), "
            f"and its {first['marts']} marts have "
            + (
                f"different row counts from dbt's: {', '.join(mismatched)}."
                if mismatched
                else "the same row counts as dbt's."
            )
        )
    else:
        lines.append(
            f"Lower-bound check: {NOT_MEASURED} ("
            + (
                "skipped with --skip-lower-bound)."
                if summary["lower_bound_skipped"]
                else "no successful build and lower bound)."
            )
        )
    lines += _node_table(
        "Slowest ten models (dbt `execution_time`, median over runs)",
        summary["slowest_models"],
        lower_bound=True,
    )
    lines += _node_table("Slowest ten tests", summary["slowest_tests"])
    lines += _node_table(
        "Slowest ten models and tests of the production refresh's `dbt build`",
        summary["slowest_refresh_nodes"],
        kind=True,
    )
    return lines + [""]


def _node_table(
    title: str, items: list[dict], lower_bound: bool = False, kind: bool = False
) -> list[str]:
    """A ranking of nodes: name (and kind), median, min, max (and lower-bound median)."""
    head = [
        "node",
        *(["kind"] if kind else []),
        "median s",
        "min",
        "max",
        *(["lower bound median s"] if lower_bound else []),
    ]
    lines = ["", f"{title}:", "", _row(*head), "|" + "---|" * len(head)]
    if not items:
        return lines[:3] + [NOT_MEASURED + "."]
    for item in items:
        cells = [
            f"`{_short(item['node'])}`",
            *([item["node"].split(".")[0]] if kind else []),
            *(f"{item[k]:.2f}" for k in ("median", "min", "max")),
            *(
                [_num(item.get("lower_bound_median"), 2, NOT_MEASURED)]
                if lower_bound
                else []
            ),
        ]
        lines.append(_row(*cells))
    return lines


def _num(value: float | None, digits: int = 1, missing: str = "n/a") -> str:
    return f"{value:.{digits}f}" if value is not None else missing


def compare_section(results: dict, compare: dict) -> list[str]:
    """Before and after per scale: full build, production refresh, peak memory and the
    lines of dbt code of ``compare["results"]`` (before) and ``results`` (after), with
    the ratio after ÷ before of the medians, and the commit and command of each."""
    before_label = compare["label"]
    before = {e["scale"]: e for e in ordered_entries(compare["results"])}
    after = {e["scale"]: e for e in ordered_entries(results)}
    lines = [
        "## Before and after",
        "",
        (
            f"Before: **{before_label}**, the results in `{compare['path']}`. After: "
            "this report's own results. Each column's commit and exact command are in "
            "its table; medians with [min–max]; the ratio is after ÷ before of the "
            "medians."
        ),
        "",
    ]
    for scale in sorted(set(before) | set(after)):
        old, new = before.get(scale), after.get(scale)
        sums = [summarize_scale(e) if e else None for e in (old, new)]
        envs = [(e or {}).get("environment", {}) for e in (old, new)]
        code = [env.get("code_lines") for env in envs]
        code_ratio = ratio(code[1]["sql"], code[0]["sql"]) if all(code) else None
        refresh_ratio = ratio(_median(sums[1], "refresh"), _median(sums[0], "refresh"))
        lines += [
            f"### Scale {scale:g}",
            "",
            _row("measure", before_label, "after", "after ÷ before"),
            "|---|---|---|---|",
            _compare_row(sums, "full `dbt build` (s)", "build"),
            _row(f"{REFRESH} (s)", *map(_refresh_cell, sums), _num(refresh_ratio, 2)),
            _compare_row(
                sums, "peak memory of the full build (GB)", "peak_memory", GB, 2
            ),
            _compare_row(
                sums,
                "peak memory of the refresh, its largest process (GB)",
                "refresh_peak_memory",
                GB,
                2,
            ),
            _row(
                "lines of SQL+Jinja / YAML in models/ and macros/",
                _code_lines(old),
                _code_lines(new),
                f"{_num(code_ratio, 2)} (SQL+Jinja)",
            ),
            _row(
                "git commit",
                *(f"`{env.get('git_commit', NOT_MEASURED)}`" for env in envs),
                "",
            ),
            _row(
                "command",
                *(f"`{env.get('command', NOT_MEASURED)}`" for env in envs),
                "",
            ),
            "",
        ]
    return lines


def _compare_row(
    sums: list[dict | None], label: str, key: str, unit: float = 1.0, digits: int = 1
) -> str:
    """One measure of the before-and-after table: both figures and the ratio."""
    medians = [_median(s, key) for s in sums]
    return _row(
        label,
        *(_fmt((s or {}).get(key), unit, digits, NOT_MEASURED) for s in sums),
        _num(ratio(medians[1], medians[0]), 2),
    )


def _row(*cells: str) -> str:
    """A Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def render_markdown(results: dict, compare: dict | None = None) -> str:
    entries = ordered_entries(results)
    summaries = [summarize_scale(entry) for entry in entries]
    lines = [
        "# Benchmarks",
        "",
        (
            "Generated by `python -m sales_warehouse.bench` (`make bench`: scales 1 and 10; "
            "`make bench-large`: scale 30, merged into this report). Do not edit: "
            "regenerate with `python -m sales_warehouse.bench --report-only --out "
            "benchmarks/`. Every figure is the median of the runs, with [min–max]; "
            "`results.json` holds every run."
        ),
        "",
        (
            "What is measured, per scale (the demo generator's `--scale`, the only knob): "
            "generator time; a full `dbt build` into a fresh warehouse (wall time and peak "
            "RSS of the dbt process); the slowest models and tests of its "
            "`run_results.json`; the lower bound: the same compiled SQL run in one DuckDB "
            "session without dbt; and the production refresh (`make refresh`, "
            "`python -m sales_warehouse.refresh`: GX raw checks, `dbt build` into a new "
            "warehouse file, GX mart checks, atomic swap) after one day of new raw data is "
            "appended to a copy of the raw folder, with a copy of the built warehouse as the "
            "live one. The refresh's peak memory is that of its largest single process (its "
            "dbt, GX checks or the refresh itself), not of all of them together."
        ),
        "",
    ]
    if results.get("notes"):
        lines += ["Notes:", ""] + [f"- {note}" for note in results["notes"]] + [""]
    lines += ["## Machine and command", ""] + _environment_lines(entries) + [""]
    lines += [
        "## Summary",
        "",
        (
            f"| scale | raw rows | full build s | {REFRESH} s | refresh ÷ full build | "
            "peak memory GB | lower bound s | overhead ratio |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        build = (
            _fmt(s["build"])
            if s["build"] or not s["timeouts"]
            else f"> {s['timeouts'][0]['seconds']:g} (timeout)"
        )
        lines.append(
            f"| {s['scale']:g} | {_rows(s['raw_rows'])} | {build} | "
            f"{_refresh_cell(s)} | {_fmt(s['refresh_ratio'], digits=2)} | "
            f"{_fmt(s['peak_memory'], GB, 2)} | "
            f"{_fmt(s['lower_bound'], missing=NOT_MEASURED)} | "
            f"{_fmt(s['overhead_ratio'], digits=2, missing=NOT_MEASURED)} |"
        )
    if any(s["old_incremental"] for s in summaries):
        lines += [
            "",
            (
                f'"{OLD_INCREMENTAL}": measured by the harness before it ran the '
                "production refresh: a plain `dbt build` in place on a copy of the "
                "built warehouse after one appended day, which production never runs."
            ),
        ]
    lines += [""]
    if compare:
        lines += compare_section(results, compare)
    slope = slopes(summaries)
    lines += [
        "![time against scale](time_vs_scale.svg)",
        "",
        "## Growth with scale",
        "",
        (
            "Least-squares slope of log(median seconds) against log(scale): 1 is "
            "linear, below 1 fixed costs dominate, above 1 worse than linear."
        ),
        "",
        "| series | slope |",
        "|---|---|",
    ]
    for key, label in (
        ("generator", "generator"),
        *((key, label) for key, label, _ in SERIES),
    ):
        lines.append(f"| {label} | {_num(slope[key], 2)} |")
    lines += [
        "",
        "Time per million raw rows (full build): "
        + ", ".join(
            f"scale {s['scale']:g}: {_num(s['build_per_million_rows'], 2)} s"
            for s in summaries
        ),
        "",
    ]
    lines += ["## Targets", ""]
    for item in targets(summaries):
        lines.append(f"- **{item['status']}** {item['target']}: {item['detail']}")
    lines += [
        "",
        (
            "The production refresh has no target: its time and its ratio to the "
            "full build are in the summary."
        ),
        "",
        "## Per scale",
        "",
    ]
    for summary in summaries:
        lines += _scale_section(summary)
    return "\n".join(lines).rstrip() + "\n"


def render_svg(results: dict, width: int = 640, height: int = 400) -> str:
    """Log-log plot of median seconds (whiskers: min to max) against scale."""
    summaries = [summarize_scale(entry) for entry in ordered_entries(results)]
    points = {
        key: [(s["scale"], s[key]) for s in summaries if s[key]] for key, _, _ in SERIES
    }
    scales = [s["scale"] for s in summaries] or [1]
    values = [
        v
        for series in points.values()
        for _, summ in series
        for v in (summ["min"], summ["max"])
        if v > 0
    ] or [1]
    left, right, top, bottom = 70, 20, 30, 90
    x_lo, x_hi = math.log10(min(scales)) - 0.15, math.log10(max(scales)) + 0.15
    y_lo, y_hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    y_hi = max(y_hi, y_lo + 1)
    if len(points["build"]) > 1:
        # Room for the linear guide at the largest scale.
        first_scale, first = points["build"][0]
        guide = first["median"] * max(scales) / first_scale
        y_hi = max(y_hi, math.ceil(math.log10(guide)))

    def x(scale: float) -> float:
        return left + (math.log10(scale) - x_lo) / (x_hi - x_lo) * (
            width - left - right
        )

    def y(seconds: float) -> float:
        return (
            height
            - bottom
            - (
                (math.log10(max(seconds, 1e-9)) - y_lo)
                / (y_hi - y_lo)
                * (height - top - bottom)
            )
        )

    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
        ),
        f'<rect width="{width}" height="{height}" fill="white"/>',
        (
            f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">'
            "Time against scale (median, whiskers min–max; log-log)</text>"
        ),
    ]
    axis_y = height - bottom
    out.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" '
        'stroke="black"/>'
    )
    out.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="black"/>'
    )
    for scale in scales:
        out.append(
            f'<line x1="{x(scale):.1f}" y1="{axis_y}" x2="{x(scale):.1f}" '
            f'y2="{axis_y + 5}" stroke="black"/>'
        )
        out.append(
            f'<text x="{x(scale):.1f}" y="{axis_y + 18}" text-anchor="middle">'
            f"{scale:g}</text>"
        )
    out.append(
        f'<text x="{(left + width - right) / 2}" y="{axis_y + 34}" '
        'text-anchor="middle">scale (generator --scale)</text>'
    )
    for power in range(y_lo, y_hi + 1):
        pos = y(10**power)
        out.append(
            f'<line x1="{left - 5}" y1="{pos:.1f}" x2="{width - right}" '
            f'y2="{pos:.1f}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{left - 8}" y="{pos + 4:.1f}" text-anchor="end">'
            f"{10**power:g} s</text>"
        )
    build = points["build"]
    if len(build) > 1:
        # Guide: linear growth from the full build at the smallest scale (slope 1).
        (first_scale, first), last_scale = build[0], build[-1][0]
        end = first["median"] * last_scale / first_scale
        out.append(
            f'<line x1="{x(first_scale):.1f}" y1="{y(first["median"]):.1f}" '
            f'x2="{x(last_scale):.1f}" y2="{y(end):.1f}" stroke="#999" '
            'stroke-dasharray="5,4"><title>linear growth (slope 1)</title></line>'
        )
        out.append(
            f'<text x="{x(last_scale) - 4:.1f}" y="{y(end) - 6:.1f}" '
            'text-anchor="end" fill="#777">linear (slope 1)</text>'
        )
    for key, label, colour in SERIES:
        series = points[key]
        if len(series) > 1:
            path = " ".join(f"{x(s):.1f},{y(v['median']):.1f}" for s, v in series)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                'stroke-width="2"/>'
            )
        for scale, summ in series:
            out.append(
                f'<line x1="{x(scale):.1f}" y1="{y(summ["min"]):.1f}" '
                f'x2="{x(scale):.1f}" y2="{y(summ["max"]):.1f}" '
                f'stroke="{colour}"/>'
            )
            out.append(
                f'<circle cx="{x(scale):.1f}" cy="{y(summ["median"]):.1f}" r="4" '
                f'fill="{colour}"><title>{label}, scale {scale:g}: '
                f"{summ['median']:.2f} s</title></circle>"
            )
    for index, (key, label, colour) in enumerate(SERIES):
        legend_y = height - 40 + 14 * (index % 3)
        suffix = "" if points[key] else " (not measured)"
        out.append(
            f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{colour}"/>'
        )
        out.append(f'<text x="{left + 16}" y="{legend_y}">{label}{suffix}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_report(results: dict, out_dir: Path, compare: dict | None = None) -> None:
    """results.json, README.md and the SVG into ``out_dir``. ``compare`` (``{"label",
    "path", "results"}``) adds the before-and-after tables to README.md only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    (out_dir / "README.md").write_text(
        render_markdown(results, compare), encoding="utf-8"
    )
    (out_dir / "time_vs_scale.svg").write_text(render_svg(results), encoding="utf-8")
