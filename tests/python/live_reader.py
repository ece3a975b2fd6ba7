"""A reader of the live warehouse during a refresh (docs/refresh.md): a process that
queries it in a loop, as a dashboard does, and logs every answer or error; what the
refresh tests assert on."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb

# One consistent picture of the warehouse: marts of three areas and a staging view
# (views name their relations <database>.<schema>.<name>: they must survive the swap).
SIGNATURE_SQL = """
select
    (select count(*) from marts.fct_opportunities),
    (select count(*) from marts.fct_leads),
    (select cast(sum(bookings) as double) from marts.fct_sales_scorecard
        where scope = 'company' and period_type = 'month'),
    (select count(*) from marts.fct_activities),
    (select count(*) from staging.stg_crm__opportunities)
"""

READER = """
import json, os, sys, time, duckdb
path, out, stop, sql = sys.argv[1:5]
with open(out, "w") as log:
    while not os.path.exists(stop):
        try:
            # a connection per query, read-only: what every reader of the warehouse does
            with duckdb.connect(path, read_only=True) as con:
                row = con.execute(sql).fetchone()
            log.write(json.dumps({"ok": list(row)}) + "\\n")
        except Exception as error:
            log.write(json.dumps({"error": repr(error)}) + "\\n")
        log.flush()
        # a dashboard's pace, not a busy loop: the build being read must get the cores
        time.sleep(0.05)
"""


def signature(db_path: Path) -> list:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return list(con.execute(SIGNATURE_SQL).fetchone())


def file_identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class LiveReader:
    """The reader process over `live`, logging to `log` until stopped."""

    def __init__(self, live: Path, work_dir: Path):
        self.log, self.stop_file = work_dir / "reader.jsonl", work_dir / "stop"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                READER,
                str(live),
                str(self.log),
                str(self.stop_file),
                SIGNATURE_SQL,
            ]
        )
        wait_for(lambda: self.log.exists() and len(self.records()) >= 5)

    def records(self) -> list[dict]:
        return read_log(self.log)

    def stop(self) -> list[dict]:
        self.stop_file.touch()
        self.process.wait(timeout=60)
        return self.records()
