"""Command line: ``python -m sales_warehouse.digest [--out build/digests]``.

Writes every rep's and manager's digest (Markdown and HTML) from the warehouse at
DUCKDB_PATH (read-only) and, when DIGEST_SMTP_HOST is set, sends them by SMTP
(DIGEST_SMTP_PORT, default 25; DIGEST_FROM, default sales-digest@localhost).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import load, send, write


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.digest",
        description="Write the daily digest of every rep and manager; send it by "
        "SMTP when DIGEST_SMTP_HOST is set.",
    )
    parser.add_argument(
        "--duckdb-path",
        default=os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb"),
        help="the warehouse (default: $DUCKDB_PATH)",
    )
    parser.add_argument("--out", default="build/digests", help="output folder")
    args = parser.parse_args(argv)
    db_path = Path(args.duckdb_path)
    if not db_path.exists():
        print(f"No warehouse at {db_path}: run make build first", file=sys.stderr)
        return 1
    digests = load(db_path)
    written = write(digests, Path(args.out))
    print(f"digest: {len(digests)} digests, {len(written)} files in {args.out}")
    host = os.environ.get("DIGEST_SMTP_HOST")
    if host:
        port = int(os.environ.get("DIGEST_SMTP_PORT") or "25")
        sender = os.environ.get("DIGEST_FROM") or "sales-digest@localhost"
        sent = send(digests, host, port, sender)
        print(f"digest: {sent} sent by SMTP through {host}:{port}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
