"""Serve the dashboard and capture every page in a real browser.

    python -m sales_warehouse.dashboard.screenshots [--duckdb-path P] [--out DIR]

Starts ``streamlit run`` on a free localhost port against the warehouse (read-only),
opens each page in Debian's Chromium (``/usr/bin/chromium``, driven by Playwright; the
browser is the system's, never downloaded by Playwright) and saves a full-page PNG per
page, by default under ``build/screenshots/``. A page fails when it shows a Python
exception or an error box, or when it is blank (no title, no "As of" line, no metric).
Exit status 1 when any page failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import PAGES, REPO

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
APP = REPO / "sales_warehouse" / "dashboard" / "app.py"


@dataclass
class PageShot:
    page: str
    url: str
    path: Path
    title: str = ""
    text_chars: int = 0
    metrics: int = 0
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        found = [f"Python exception on the page: {text}" for text in self.exceptions]
        found += [f"error on the page: {text}" for text in self.errors]
        if self.text_chars < 200 or not self.title or self.metrics == 0:
            found.append(
                f"blank page ({self.text_chars} characters of text, title "
                f"{self.title!r}, {self.metrics} metrics)"
            )
        return found


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(duckdb_path: Path | str, port: int | None = None, timeout: float = 90.0):
    """Run the dashboard on localhost; yields its base URL."""
    port = port or free_port()
    env = {
        **os.environ,
        "DUCKDB_PATH": str(Path(duckdb_path).resolve()),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
        ),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            "--client.toolbarMode",
            "viewer",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited ({proc.returncode}):\n"
                    f"{proc.stdout.read() if proc.stdout else ''}"
                )
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as rsp:
                    if rsp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {base} in {timeout} s")
            time.sleep(0.3)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the server we started, and only it
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_until_rendered(page, timeout_ms: int) -> None:
    """The page ran: its title and a metric are there and Streamlit is idle."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)
    page.wait_for_selector(
        "[data-testid='stMetric'], [data-testid='stException'], "
        "[data-testid='stAlert']",
        timeout=timeout_ms,
    )
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        running = page.locator("[data-testid='stStatusWidget']").filter(
            has_text="Running"
        )
        if running.count() == 0:
            break
        time.sleep(0.2)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    time.sleep(1.0)  # charts (vega-lite) draw after the data arrives


def capture(
    base_url: str,
    out_dir: Path | str,
    pages: dict[str, str] | None = None,
    timeout_ms: int = 60_000,
) -> list[PageShot]:
    from playwright.sync_api import sync_playwright

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            for number, slug in enumerate(pages or PAGES):
                page = context.new_page()
                # the default (first) page is served at the root URL
                url = f"{base_url}/" if number == 0 else f"{base_url}/{slug}"
                shot = PageShot(slug, url, out / f"{slug}.png")
                page.on(
                    "pageerror",
                    lambda error, s=shot: s.console_errors.append(str(error)),
                )
                page.goto(shot.url, wait_until="domcontentloaded", timeout=timeout_ms)
                try:
                    _wait_until_rendered(page, timeout_ms)
                except Exception as error:  # a page that never renders is blank
                    shot.console_errors.append(f"not rendered: {error}")
                main = page.locator("[data-testid='stMain']")
                shot.title = (
                    page.locator("[data-testid='stMain'] h1").first.inner_text()
                    if page.locator("[data-testid='stMain'] h1").count()
                    else ""
                )
                shot.text_chars = len(main.inner_text()) if main.count() else 0
                if main.count() and "As of" not in main.inner_text():
                    shot.title = ""  # no as-of line: the page did not run through
                shot.metrics = page.locator("[data-testid='stMetric']").count()
                shot.exceptions = [
                    text.strip()[:500]
                    for text in page.locator(
                        "[data-testid='stException']"
                    ).all_inner_texts()
                ]
                shot.errors = [
                    text.strip()[:500]
                    for text in page.locator(
                        "[data-testid='stAlertContentError']"
                    ).all_inner_texts()
                ]
                shot.errors += [
                    " ".join(text.split())
                    for text in page.locator("[role='dialog']").all_inner_texts()
                    if "not found" in text.lower()
                ]
                # Streamlit scrolls inside its main block: grow the window to the
                # content so that the screenshot holds the whole page
                height = page.evaluate(
                    "() => Math.max(...[...document.querySelectorAll("
                    "'[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
                    ".map(e => e.scrollHeight), 0)"
                )
                page.set_viewport_size(
                    {"width": 1440, "height": min(max(height + 80, 1000), 9000)}
                )
                time.sleep(1.0)
                page.screenshot(path=str(shot.path), full_page=True)
                page.close()
                shots.append(shot)
        finally:
            browser.close()
    return shots


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.dashboard.screenshots",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--duckdb-path", default=os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb")
    )
    parser.add_argument("--out", default=str(REPO / "build" / "screenshots"))
    args = parser.parse_args(argv)
    if not chromium_available():
        print(
            f"screenshots: no Chromium at {CHROMIUM} (make chromium installs "
            "Debian's package)",
            file=sys.stderr,
        )
        return 1
    with serve(args.duckdb_path) as base:
        shots = capture(base, args.out)
    failed = False
    for shot in shots:
        status = "FAILED: " + "; ".join(shot.problems) if shot.problems else "ok"
        print(f"{shot.page:12} {shot.path}  {status}")
        failed = failed or bool(shot.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
