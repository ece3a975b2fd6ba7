"""One measurement = one fresh child process: wall time (``time.monotonic`` around it)
and peak resident memory of the child and the descendants it waited for
(``os.wait4``'s ``ru_maxrss``), so no measurement inherits the harness's memory."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class Measurement:
    seconds: float
    peak_rss_bytes: int
    major_faults: int
    returncode: int

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def as_dict(self) -> dict:
        return {**asdict(self), "status": "ok" if self.ok else "failed"}


def run_measured(command: list[str], *, env: dict[str, str], log_path: Path,
                 cwd: Path = REPO) -> Measurement:
    """Run ``command`` in a fresh child, output to ``log_path``; wall time and peak RSS."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        started = time.monotonic()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in kilobytes.
    return Measurement(seconds, int(usage.ru_maxrss) * 1024, int(usage.ru_majflt),
                       proc.returncode)


def log_tail(log_path: Path, lines: int = 30) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _meminfo() -> dict[str, int]:
    values = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return values


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                          check=False)
    return proc.stdout.strip() if proc.returncode == 0 else "unknown"


def environment(command: str) -> dict:
    """The machine and software a measurement ran on, and the exact command."""
    meminfo = _meminfo()
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command,
        "git_commit": _git("rev-parse", "HEAD") + (" (uncommitted changes)"
                                                   if dirty else ""),
        "cores": os.cpu_count(),
        "memory_bytes": meminfo.get("MemTotal"),
        "swap_bytes": meminfo.get("SwapTotal"),
        "cpu_model": _cpu_model(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
        "duckdb": _version("duckdb"),
    }
