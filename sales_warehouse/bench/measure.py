"""One measurement = one fresh child process: wall time (``time.monotonic`` around it)
and peak resident memory (``os.wait4``'s ``ru_maxrss``), so no measurement inherits the
harness's memory. On Linux that figure is the largest peak of any ONE process of the
tree: the child itself or a descendant that was waited for (the production refresh's
dbt and GX children), never the sum of processes resident at the same time."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SPAWN = Path(__file__).with_name("_spawn.py")


@dataclass
class Measurement:
    seconds: float
    peak_rss_bytes: int
    major_faults: int
    returncode: int
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def as_dict(self) -> dict:
        status = "timeout" if self.timed_out else ("ok" if self.ok else "failed")
        return {**asdict(self), "status": status}


def run_measured(
    command: list[str],
    *,
    env: dict[str, str],
    log_path: Path,
    cwd: Path = REPO,
    timeout: float | None = None,
) -> Measurement:
    """Run ``command`` in a fresh child, output to ``log_path``; wall time and peak RSS.

    The command runs under the small launcher ``_spawn.py``, which reports the
    command's own rusage (see there why). After ``timeout`` seconds the process group
    is stopped (SIGTERM, then SIGKILL): the measurement says ``timed_out``, with the
    wall time until then and no memory figure."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    result_path = log_path.with_suffix(".rusage.json")
    result_path.unlink(missing_ok=True)
    timed_out = False
    with open(log_path, "w", encoding="utf-8") as log:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, str(SPAWN), str(result_path), "--", *command],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while True:
            pid, status, _ = os.wait4(proc.pid, 0 if timeout is None else os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                timed_out = True
                _stop(proc.pid)
                _, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
        seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timed_out or not result_path.exists():
        return Measurement(seconds, 0, 0, proc.returncode or -1, timed_out)
    usage = json.loads(result_path.read_text(encoding="utf-8"))
    # Linux reports ru_maxrss in kilobytes.
    return Measurement(
        usage["seconds"],
        int(usage["maxrss_kb"]) * 1024,
        int(usage["major_faults"]),
        int(usage["returncode"]),
    )


def _stop(pid: int, grace: float = 10.0) -> None:
    """SIGTERM the child's process group, SIGKILL it if still there after ``grace``."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def running_nodes(log_path: Path) -> list[str]:
    """Nodes a dbt log shows as started but not finished (what ran at a timeout)."""
    started, finished = {}, set()
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines():
        match = re.search(r"\b(\d+) of \d+ START (.+?)(?: \.+)? +\[RUN\]", line)
        if match:
            started[match.group(1)] = match.group(2).strip()
            continue
        match = re.search(r"\b(\d+) of \d+ (?:OK|PASS|ERROR|FAIL|WARN|SKIP)", line)
        if match:
            finished.add(match.group(1))
    return [desc for index, desc in started.items() if index not in finished]


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


def _excluded_pathspec(folder: Path | None) -> list[str]:
    """``git status`` arguments leaving out ``folder`` when it is inside the repository."""
    if folder is None:
        return []
    try:
        relative = Path(folder).resolve().relative_to(REPO)
    except ValueError:
        return []
    return [] if relative == Path() else ["--", ".", f":(exclude){relative.as_posix()}"]


def _git(*args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 else "unknown"


def code_lines(root: Path = REPO) -> dict[str, int]:
    """Lines of the dbt code in the working tree: ``sql`` (SQL and its Jinja, every
    ``*.sql``) and ``yaml`` (``*.yml``, ``*.yaml``) under models/ and macros/."""
    counts = {"sql": 0, "yaml": 0}
    kinds = {".sql": "sql", ".yml": "yaml", ".yaml": "yaml"}
    for folder in ("models", "macros"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in kinds and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                counts[kinds[path.suffix]] += len(text.splitlines())
    return counts


def environment(command: str, report_dir: Path | None = None) -> dict:
    """The machine and software a measurement ran on, the exact command, and the
    size of the measured dbt code (``code_lines``).

    The commit counts as changed when a tracked file differs from it, except under
    ``report_dir`` (the report being written, when it is inside the repository: an
    earlier scale's results do not change what is measured)."""
    meminfo = _meminfo()
    dirty = _git(
        "status", "--porcelain", "--untracked-files=no", *_excluded_pathspec(report_dir)
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command,
        "git_commit": _git("rev-parse", "HEAD")
        + (" (uncommitted changes)" if dirty else ""),
        "cores": os.cpu_count(),
        "memory_bytes": meminfo.get("MemTotal"),
        "swap_bytes": meminfo.get("SwapTotal"),
        "cpu_model": _cpu_model(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
        "duckdb": _version("duckdb"),
        "code_lines": code_lines(REPO),
    }
