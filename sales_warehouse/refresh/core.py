"""Build into a new warehouse file, check it, swap it in atomically (see __init__)."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PREVIOUS_SUFFIX = ".previous"


class RefreshError(RuntimeError):
    """A refresh step failed; the live warehouse was left untouched."""

    def __init__(self, step: str, reason: str, live: Path):
        self.step = step
        self.reason = reason
        self.live = live
        super().__init__(
            f"Refresh FAILED at step '{step}': the live warehouse {live} was left "
            f"untouched{_served_since(live)}.\nWhy:\n{reason}"
        )


@dataclass
class RefreshResult:
    live: Path
    previous: Path | None
    seconds: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def summary(self) -> str:
        steps = ", ".join(f"{step} {secs:.1f} s" for step, secs in self.seconds.items())
        kept = f"; previous kept as {self.previous}" if self.previous else ""
        return (
            f"Refresh OK: {self.live} now serves the new build "
            f"({self.total_seconds:.1f} s: {steps}){kept}"
        )


def paths(live: Path) -> tuple[Path, Path, Path]:
    """(staging folder, candidate file, previous file) of a live warehouse path. The
    candidate keeps the live file's name: DuckDB names the database after the file and
    the project's views refer to `<database>.<schema>.<relation>`."""
    staging = live.parent / f".{live.stem}.refresh"
    return (
        staging,
        staging / live.name,
        live.with_name(f"{live.stem}{PREVIOUS_SUFFIX}{live.suffix}"),
    )


def _served_since(live: Path) -> str:
    if not live.exists():
        return " (there is no live warehouse yet)"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(live.stat().st_mtime))
    return f" (still serving the build of {stamp})"


@contextlib.contextmanager
def _exclusive(live: Path):
    """One refresh or rollback at a time per warehouse."""
    live.parent.mkdir(parents=True, exist_ok=True)
    lock_path = live.parent / f".{live.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RefreshError(
                "lock", f"another refresh of {live} is running (lock {lock_path})", live
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _log(message: str, echo: bool) -> None:
    if echo:
        print(f"[refresh] {message}", flush=True)


def _run(command: list[str], env: dict[str, str], log_file: Path, echo: bool):
    """Run a command, stream its output to the log (and the console when echo)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    with open(log_file, "w") as log:
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            lines.append(line.rstrip("\n"))
            if echo:
                print(f"    {line}", end="", flush=True)
        proc.wait()
    return proc.returncode, lines


def _dbt_failure_reason(target_path: Path, lines: list[str]) -> str:
    """The failing dbt nodes with their messages; else dbt's own error text (an error
    before any node ran, such as the raw contract check of on-run-start)."""
    reasons = []
    results_file = target_path / "run_results.json"
    if results_file.exists():
        for result in json.loads(results_file.read_text())["results"]:
            if result["status"] in ("error", "fail", "runtime error"):
                message = (result.get("message") or "").strip().splitlines()
                reasons.append(
                    f"  - {result['unique_id']} ({result['status']}): "
                    f"{message[0] if message else ''}"
                )
    if not reasons:
        start = next(
            (
                i
                for i, line in enumerate(lines)
                if "Encountered an error" in line or "Error" in line
            ),
            None,
        )
        excerpt = lines[start : start + 12] if start is not None else lines[-12:]
        reasons = [f"  {_strip_ansi(line)}" for line in excerpt if line.strip()]
    return "dbt build failed:\n" + "\n".join(reasons[:30])


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _quality_available() -> bool:
    try:
        return importlib.util.find_spec("sales_warehouse.quality") is not None
    except ModuleNotFoundError:
        return False


def _checkpoint(candidate: Path) -> None:
    """Fold any write-ahead log into the file: the swap moves one file only."""
    with duckdb.connect(str(candidate)) as con:
        con.execute("checkpoint")
    wal = candidate.with_name(candidate.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} is still there after a checkpoint")


def refresh(
    *,
    live: Path | str,
    raw_dir: Path | str,
    raw_format: str = "parquet",
    build_dir: Path | str = "build",
    quality: bool = True,
    raw_checks: bool = True,
    dbt_args: list[str] | None = None,
    keep_failed: bool = False,
    echo: bool = True,
    extra_env: dict[str, str] | None = None,
    before_swap=None,
) -> RefreshResult:
    """Build `raw_dir` into a new warehouse, check it and swap it in for `live`.
    Raises RefreshError (live untouched) when any step fails. `quality=False` skips
    the GX suites, `raw_checks=False` only the raw ones (dbt still checks the raw
    contract); `before_swap` is a hook for tests."""
    live = Path(live).resolve()
    build = Path(build_dir).resolve()
    staging, candidate, previous = paths(live)
    work = build / "refresh"
    target_path = work / "target"
    result = RefreshResult(live=live, previous=None)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_PROJECT_DIR": str(REPO),
        "RAW_DATA_DIR": str(raw_dir),
        "RAW_DATA_FORMAT": raw_format,
        "DUCKDB_PATH": str(candidate),
        "DUCKDB_TEMP_DIR": os.environ.get("DUCKDB_TEMP_DIR", str(staging / "tmp")),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    if quality and not _quality_available():
        quality = False
        result.notices.append(
            "sales_warehouse.quality is not installed: the GX "
            "expectation suites are skipped"
        )
    elif not quality:
        result.notices.append(
            "the GX expectation suites are skipped "
            "(--skip-quality); the dbt tests still run"
        )

    def timed(step: str, started: float) -> None:
        result.seconds[step] = time.monotonic() - started

    for notice in result.notices:
        _log(notice, echo)
    with _exclusive(live):
        shutil.rmtree(staging, ignore_errors=True)  # a crashed earlier refresh
        staging.mkdir(parents=True)
        Path(env["DUCKDB_TEMP_DIR"]).mkdir(parents=True, exist_ok=True)
        try:
            if raw_format == "schema":
                # the raw tables live inside the warehouse: start from a copy of it
                if not live.exists():
                    raise RefreshError(
                        "prepare",
                        "RAW_DATA_FORMAT=schema needs the "
                        f"raw schema in {live}, which does not exist",
                        live,
                    )
                shutil.copy2(live, candidate)

            started = time.monotonic()
            if quality and raw_checks:
                _log(
                    f"checking the raw delivery {raw_dir} ({raw_format}) "
                    "with the GX raw suites",
                    echo,
                )
                code, lines = _run(
                    [
                        str(BIN / "python"),
                        "-m",
                        "sales_warehouse.quality",
                        "raw",
                        "--raw-dir",
                        str(raw_dir),
                        "--format",
                        raw_format,
                        "--duckdb-path",
                        str(candidate),
                        "--build-dir",
                        str(build),
                    ],
                    env,
                    work / "quality_raw.log",
                    echo,
                )
                if code != 0:
                    raise RefreshError(
                        "raw expectations",
                        "\n".join(line for line in lines if line.strip()),
                        live,
                    )
            timed("raw checks", started)

            started = time.monotonic()
            _log(f"dbt build into {candidate}", echo)
            code, lines = _run(
                [
                    str(BIN / "dbt"),
                    "build",
                    "--target-path",
                    str(target_path),
                    "--log-path",
                    str(work / "logs"),
                    *(dbt_args or []),
                ],
                env,
                work / "dbt_build.log",
                echo,
            )
            if code != 0:
                raise RefreshError(
                    "dbt build", _dbt_failure_reason(target_path, lines), live
                )
            _checkpoint(candidate)
            timed("dbt build", started)

            started = time.monotonic()
            if quality:
                _log("checking the new marts with the GX mart suites", echo)
                code, lines = _run(
                    [
                        str(BIN / "python"),
                        "-m",
                        "sales_warehouse.quality",
                        "marts",
                        "--duckdb-path",
                        str(candidate),
                        "--build-dir",
                        str(build),
                    ],
                    env,
                    work / "quality_marts.log",
                    echo,
                )
                if code != 0:
                    raise RefreshError(
                        "mart expectations",
                        "\n".join(line for line in lines if line.strip()),
                        live,
                    )
            timed("mart checks", started)

            if before_swap is not None:
                before_swap(candidate)
            started = time.monotonic()
            result.previous = _swap_in(candidate, live, previous)
            timed("swap", started)
        except RefreshError:
            if keep_failed and candidate.exists():
                kept = live.with_name(f"{live.stem}.failed{live.suffix}")
                os.replace(candidate, kept)
                _log(f"the failed build is kept as {kept}", echo)
            raise
        except Exception as error:  # anything unexpected: still leave live untouched
            raise RefreshError(
                "internal", f"{type(error).__name__}: {error}", live
            ) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _save_artifacts(target_path, build)
    return result


def _swap_in(candidate: Path, live: Path, previous: Path) -> Path | None:
    """Keep the live file as `previous` (hard link, so the live path never goes
    missing), then rename the candidate over the live path: atomic on POSIX."""
    wal = live.with_name(live.name + ".wal")
    if wal.exists():
        raise RefreshError(
            "swap",
            f"{wal} exists: a writer has (or had, and crashed "
            f"with) the live warehouse open read-write; its log would "
            f"be replayed into the new file. Close that writer (or "
            f"open the file once read-write to checkpoint) and rerun.",
            live,
        )
    kept = None
    if live.exists():
        link = candidate.with_name(f"{previous.name}.link")
        try:
            os.link(live, link)
        except OSError:  # no hard links on this filesystem: copy instead
            shutil.copy2(live, link)
        os.replace(link, previous)
        kept = previous
    os.replace(candidate, live)
    return kept


def _save_artifacts(target_path: Path, build: Path) -> None:
    """The dbt artifacts of the build now serving (manifest, semantic manifest, run
    results), for docs and the semantic layer."""
    served = build / "refresh" / "serving"
    served.mkdir(parents=True, exist_ok=True)
    for name in ("manifest.json", "semantic_manifest.json", "run_results.json"):
        if (target_path / name).exists():
            shutil.copy2(target_path / name, served / name)


def rollback(*, live: Path | str, echo: bool = True) -> Path:
    """Swap the previous warehouse back in; the current one becomes the previous (so a
    second rollback rolls forward again)."""
    live = Path(live).resolve()
    staging, _, previous = paths(live)
    with _exclusive(live):
        if not previous.exists():
            raise RefreshError(
                "rollback", f"there is no previous warehouse {previous}", live
            )
        staging.mkdir(parents=True, exist_ok=True)
        try:
            link = staging / f"{live.name}.current"
            if live.exists():
                os.link(live, link)
            os.replace(previous, live)
            if link.exists():
                os.replace(link, previous)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _log(
        f"rolled back: {live} serves the previous build again; the replaced one is "
        f"now {previous}",
        echo,
    )
    return live
