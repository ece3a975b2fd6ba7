"""Measuring launcher, run by path (``python _spawn.py RESULT -- COMMAND...``): a small
fresh process that runs COMMAND and writes its wall time and rusage to RESULT.

Why: on Linux a child's ``ru_maxrss`` starts at its parent's high-water RSS (fork and
exec keep it), so a command forked straight from the harness would report at least the
harness's memory. Forked from this small launcher instead, it reports its own peak.
Imports nothing from the project, so the launcher stays a few megabytes."""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    result_path, separator, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    if separator != "--" or not command:
        print("usage: _spawn.py RESULT -- COMMAND...", file=sys.stderr)
        return 2
    started = time.monotonic()
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump(
            {
                "seconds": seconds,
                "returncode": os.waitstatus_to_exitcode(status),
                "maxrss_kb": usage.ru_maxrss,
                "major_faults": usage.ru_majflt,
            },
            out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
