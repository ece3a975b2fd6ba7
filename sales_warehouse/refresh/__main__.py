"""Command line: ``python -m sales_warehouse.refresh [--rollback] [options]``.

Defaults come from the same environment variables as dbt (RAW_DATA_DIR,
RAW_DATA_FORMAT, DUCKDB_PATH). Exit status 0 when the new warehouse serves, 1 when the
refresh failed (the live warehouse untouched; the reason is printed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys

from .core import RefreshError, refresh, rollback


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.refresh",
        description="Build the raw delivery into a new warehouse file, run the dbt "
        "tests and the GX suites on it, and swap it in atomically only "
        "when everything passed (the previous file is kept for rollback).",
    )
    parser.add_argument(
        "--duckdb-path",
        default=os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb"),
        help="the live warehouse (default: $DUCKDB_PATH)",
    )
    parser.add_argument(
        "--raw-dir",
        default=os.environ.get("RAW_DATA_DIR", "data/raw"),
        help="raw delivery folder (default: $RAW_DATA_DIR)",
    )
    parser.add_argument(
        "--format",
        dest="raw_format",
        default=os.environ.get("RAW_DATA_FORMAT", "parquet"),
        help="parquet, csv or schema (default: $RAW_DATA_FORMAT)",
    )
    parser.add_argument(
        "--build-dir",
        default="build",
        help="logs, dbt artifacts and Data Docs (default build)",
    )
    parser.add_argument(
        "--skip-quality",
        action="store_true",
        help="skip the GX expectation suites (dbt tests still run)",
    )
    parser.add_argument(
        "--keep-failed",
        action="store_true",
        help="keep a failed build as <name>.failed.duckdb to inspect",
    )
    parser.add_argument(
        "--rollback",
        action="store_true",
        help="swap <name>.previous.duckdb back in and exit",
    )
    parser.add_argument("--quiet", action="store_true", help="print the outcome only")
    args = parser.parse_args(argv)
    if args.raw_format not in ("parquet", "csv", "schema"):
        print(
            f"RAW_DATA_FORMAT='{args.raw_format}' is not supported "
            "(one of parquet, csv, schema)",
            file=sys.stderr,
        )
        return 2
    try:
        if args.rollback:
            rollback(live=args.duckdb_path, echo=not args.quiet)
            return 0
        result = refresh(
            live=args.duckdb_path,
            raw_dir=args.raw_dir,
            raw_format=args.raw_format,
            build_dir=args.build_dir,
            quality=not args.skip_quality,
            keep_failed=args.keep_failed,
            echo=not args.quiet,
        )
    except RefreshError as error:
        print(error, file=sys.stderr)
        return 1
    if args.quiet:
        for notice in result.notices:
            print(f"notice: {notice}")
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
