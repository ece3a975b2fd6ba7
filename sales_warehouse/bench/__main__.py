"""Command line: ``python -m sales_warehouse.bench --help``."""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from . import report, runner
from .measure import environment


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.bench",
        description="Benchmark the warehouse at several generator scales; writes "
        "README.md, results.json and time_vs_scale.svg into --out, merged "
        "with the scales already there.",
    )
    parser.add_argument(
        "--scales",
        type=float,
        nargs="+",
        default=[1.0, 10.0],
        help="generator scales to measure (default 1 10)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs per scale; figures are medians (default 3)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("benchmarks"),
        help="report folder (default benchmarks/)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="scratch folder for raw data and warehouses "
        "(default: a new temporary folder)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=runner.SEED,
        help=f"generator seed (default {runner.SEED})",
    )
    parser.add_argument(
        "--generator-runs",
        type=int,
        default=None,
        help="how many runs regenerate the raw data (default: every run)",
    )
    parser.add_argument(
        "--select",
        default=None,
        help="dbt node selection of every build (default: the "
        "whole project; a subset is for quick checks only)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="stop a dbt build or lower bound after this many seconds; "
        "the report names the model that was running (default: "
        "no limit)",
    )
    parser.add_argument(
        "--note",
        action="append",
        default=[],
        help="a note for the report (repeatable), e.g. that the machine was shared",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="discard the scales already in --out/results.json",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch warehouses and logs"
    )
    parser.add_argument(
        "--skip-lower-bound",
        action="store_true",
        help="do not measure the lower bound (saves about a full build "
        "per run); the report says 'not measured'",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="another results.json (or its folder): README.md gets a "
        "before-and-after table per scale, these results as after",
    )
    parser.add_argument(
        "--compare-label",
        default="before",
        help="the compared results' column, e.g. 'before (d05fcca)'",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="only regenerate README.md and the SVG from results.json",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    compare = None
    if args.compare is not None:
        path = args.compare / "results.json" if args.compare.is_dir() else args.compare
        if not path.is_file():
            parser.error(f"--compare: {path} does not exist")
        compare = {
            "label": args.compare_label,
            "path": str(path),
            "results": report.load_results(path),
        }
    results_path = args.out / "results.json"
    results = (
        report.empty_results() if args.fresh else report.load_results(results_path)
    )
    if args.report_only:
        report.write_report(report.merge(results, [], {}, args.note), args.out, compare)
        print(f"report regenerated in {args.out}")
        return 0
    command = "python -m sales_warehouse.bench " + shlex.join(
        sys.argv[1:] if argv is None else list(argv)
    )
    env = environment(command, args.out)
    work_dir = (
        args.work_dir or Path(tempfile.mkdtemp(prefix="sales_warehouse_bench_"))
    ).resolve()
    entries = []
    state = {"results": results}

    def save(entry: dict) -> None:
        # Written after every run: an interrupted benchmark keeps what it measured.
        state["results"] = report.merge(state["results"], [entry], env, args.note)
        report.write_report(state["results"], args.out, compare)

    for scale in args.scales:
        print(f"scale {scale:g}: {args.runs} runs (scratch {work_dir})", flush=True)
        entry = runner.bench_scale(
            scale,
            runs=args.runs,
            work_dir=work_dir,
            select=args.select,
            seed=args.seed,
            generator_runs=args.generator_runs,
            keep=args.keep,
            echo=lambda text: print(text, flush=True),
            on_run=save,
            timeout=args.timeout,
            skip_lower_bound=args.skip_lower_bound,
        )
        entries.append(entry)
        save(entry)
    print(f"report: {args.out / 'README.md'}")
    failed = [
        e["scale"]
        for e in entries
        if any(
            run.get("build", {}).get("status") != "ok"
            or run.get("refresh", {}).get("status") in ("failed", "timeout")
            for run in e["runs"]
        )
    ]
    if failed:
        print(
            "dbt build or production refresh failed or timed out at scale(s) "
            + ", ".join(f"{s:g}" for s in failed)
            + f"; see {args.out / 'README.md'}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
