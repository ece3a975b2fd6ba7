"""Command line: ``python -m sales_warehouse.generator --help``."""

from __future__ import annotations

import argparse
import sys

from .core import DEFAULT_END, DEFAULT_START, SOURCE_SYSTEMS, TABLES, generate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.generator",
        description="Generate the demo raw data of the sales warehouse (SPEC §2).",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="size multiplier (reps, accounts, leads, activity); "
        "fractions allowed, e.g. 0.2 (default 1)",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--format",
        dest="fmt",
        choices=["parquet", "csv"],
        default="parquet",
        help="file format (default parquet)",
    )
    parser.add_argument(
        "--out", default="data/raw", help="output directory (default data/raw)"
    )
    parser.add_argument(
        "--start-date",
        default=DEFAULT_START,
        help=f"first day of the history (default {DEFAULT_START})",
    )
    parser.add_argument(
        "--end-date",
        default=DEFAULT_END,
        help=f"last day of the history (default {DEFAULT_END})",
    )
    parser.add_argument(
        "--loaded-at",
        default=None,
        help="ISO timestamp (UTC unless an offset is given) that the latest "
        "_loaded_at must equal (default: now, truncated to the hour)",
    )
    parser.add_argument(
        "--crm-only",
        action="store_true",
        help="a company with only a CRM export: users, teams, accounts, "
        "products and opportunities hold rows, every other table is "
        "delivered empty (SPEC §6)",
    )
    parser.add_argument(
        "--source-system",
        choices=SOURCE_SYSTEMS,
        default="contract",
        help="the shape of the delivery: the raw contract (default), or salesforce or "
        "hubspot as Fivetran lands it (SPEC §7; build it with "
        "RAW_SOURCE_SYSTEM=salesforce or hubspot)",
    )
    parser.add_argument("--verbose", action="store_true", help="print progress")
    args = parser.parse_args(argv)
    try:
        manifest = generate(
            args.out,
            scale=args.scale,
            seed=args.seed,
            fmt=args.fmt,
            start_date=args.start_date,
            end_date=args.end_date,
            loaded_at=args.loaded_at,
            verbose=args.verbose,
            crm_only=args.crm_only,
            source_system=args.source_system,
        )
    except ValueError as exc:
        parser.error(str(exc))
        return 2
    print(
        f"sales_warehouse.generator: scale {manifest['scale']:g}, seed {manifest['seed']}, "
        f"{manifest['start_date']}..{manifest['end_date']}, {args.fmt} -> {args.out}"
    )
    counts = manifest["row_counts"]
    width = max(len(t) for t in counts)
    for name in [t for t in TABLES if t in counts] + [
        t for t in counts if t not in TABLES
    ]:
        print(f"  {name:<{width}}  {counts[name]:>10,}")
    print(f"  {'total':<{width}}  {sum(counts.values()):>10,}")
    print(
        f"  _loaded_at anchor {manifest['loaded_at_anchor']} UTC; "
        f"{manifest['_elapsed_seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
