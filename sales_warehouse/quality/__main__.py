"""Command line: ``python -m sales_warehouse.quality raw|marts|all [options]``.

Defaults come from the same environment variables as dbt (RAW_DATA_DIR, RAW_DATA_FORMAT,
DUCKDB_PATH). Exit status 1 when a check fails with severity error, 2 on bad usage;
warnings are printed and do not fail.
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.quality",
        description="Great Expectations checks around the dbt build: `raw` validates the "
        "raw delivery before dbt build, `marts` the public marts after it, "
        "`all` both. Data Docs: <build-dir>/data_docs/index.html.",
    )
    parser.add_argument("layer", choices=["raw", "marts", "all"])
    parser.add_argument(
        "--raw-dir",
        default=os.environ.get("RAW_DATA_DIR", "data/raw"),
        help="raw delivery folder (default: $RAW_DATA_DIR or data/raw)",
    )
    parser.add_argument(
        "--format",
        dest="raw_format",
        default=os.environ.get("RAW_DATA_FORMAT", "parquet"),
        help="parquet, csv or schema (default: $RAW_DATA_FORMAT)",
    )
    parser.add_argument(
        "--duckdb-path",
        default=os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb"),
        help="warehouse file (default: $DUCKDB_PATH)",
    )
    parser.add_argument(
        "--raw-schema",
        default="raw",
        help="schema of the raw tables for --format schema (default raw)",
    )
    parser.add_argument(
        "--build-dir",
        default="build",
        help="Data Docs and the previous mart row counts (default build)",
    )
    parser.add_argument(
        "--sample-rows",
        type=int,
        default=None,
        help="rows sampled per raw table (default 10000)",
    )
    parser.add_argument("--no-docs", action="store_true", help="skip the Data Docs")
    parser.add_argument(
        "--row-count-key",
        default=None,
        help="compare mart row counts with the previous build kept under "
        "this name (default: the --duckdb-path file; a refresh that "
        "builds a candidate file passes the live file)",
    )
    parser.add_argument(
        "--accept-row-counts",
        action="store_true",
        help="accept the marts' current row counts as the new baseline "
        "(after an expected change of data volume)",
    )
    args = parser.parse_args(argv)

    import duckdb

    from .marts import validate_marts
    from .raw import SAMPLE_ROWS, validate_raw

    status = 0
    if args.layer in ("raw", "all"):
        try:
            report = validate_raw(
                args.raw_dir,
                args.raw_format,
                duckdb_path=args.duckdb_path,
                raw_schema=args.raw_schema,
                build_dir=args.build_dir,
                docs=not args.no_docs,
                sample_rows=args.sample_rows or SAMPLE_ROWS,
            )
        except (ValueError, FileNotFoundError, duckdb.Error) as error:
            print(
                f"sales_warehouse.quality raw: {str(error).splitlines()[0]}",
                file=sys.stderr,
            )
            return 2
        where = (
            f"schema {args.raw_schema} of {args.duckdb_path}"
            if args.raw_format == "schema"
            else f"{args.raw_dir} ({args.raw_format})"
        )
        print(
            report.format(
                f"The raw delivery in {where} breaks the raw data contract; "
                "fix the delivery before building:"
            )
        )
        status = max(status, 0 if report.ok else 1)
        if not report.ok and args.layer == "all":
            return status
    if args.layer in ("marts", "all"):
        try:
            report = validate_marts(
                args.duckdb_path,
                build_dir=args.build_dir,
                docs=not args.no_docs,
                accept_row_counts=args.accept_row_counts,
                row_count_key=args.row_count_key,
            )
        except FileNotFoundError as error:
            print(f"sales_warehouse.quality marts: {error}", file=sys.stderr)
            return 2
        except duckdb.Error as error:  # e.g. a dbt build holds the file lock
            print(
                f"sales_warehouse.quality marts: cannot read {args.duckdb_path}: "
                f"{str(error).splitlines()[0]}",
                file=sys.stderr,
            )
            return 2
        headline = f"The marts in {args.duckdb_path} fail their expectations:"
        if any(f.rule == "row_count_change" for f in report.errors):
            headline += (
                " (if a change of data volume is expected, rerun with "
                "--accept-row-counts)"
            )
        print(report.format(headline))
        status = max(status, 0 if report.ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main())
