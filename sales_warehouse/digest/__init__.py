"""The daily digest (SPEC §9 work lists): ``make digest``.

One digest per rep and one per manager, as Markdown and HTML in ``build/digests/``:
the rep's work items (fct_rep_work_items), yesterday's activity against the goal pace
(fct_goal_attainment_daily, rep goals) and the deals that moved yesterday (a stage
entered, fct_opportunity_stage_spans). "Yesterday" is the as-of date, the last day of
data (dim_date.is_as_of_date): the digest is read the morning after the refresh. A
manager's digest holds the same for every active rep reporting to them. Only marts are
read, through one read-only connection; no number is recomputed here.

Sent by SMTP when ``DIGEST_SMTP_HOST`` is set (``DIGEST_SMTP_PORT``, default 25;
``DIGEST_FROM``), each digest to the rep's email in dim_reps.
"""

from __future__ import annotations

import datetime as dt
import html
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import duckdb

MAX_ITEMS = 25  # work items listed per rep (the dashboard's "My work" lists all)

WORK_ITEMS = """
    select rep_id, priority, item_type, record_type, record_id, reason, age_days
    from marts.fct_rep_work_items
    order by rep_id, priority, age_days desc, record_id
"""
GOAL_PACE = """
    select scope_id, metric, target, actual, target_cumulative, actual_cumulative, pace
    from marts.fct_goal_attainment_daily
    where scope = 'user' and date_day = ?
    order by scope_id, metric
"""
MOVED_DEALS = """
    select
        opportunities.owner_rep_id, spans.opportunity_id, spans.stage_name,
        coalesce(opportunities.amount, 0) as amount
    from marts.fct_opportunity_stage_spans as spans
    inner join marts.fct_opportunities as opportunities
        on spans.opportunity_id = opportunities.opportunity_id
    where cast(spans.entered_at as date) = ? and spans.visit_number > 1
    order by 1, 2
"""
REPS = """
    select rep_id, rep_name, email, manager_rep_id
    from marts.dim_reps
    where is_active and rep_id != 'unknown'
    order by rep_id
"""


@dataclass
class Digest:
    kind: str  # "rep" or "manager"
    rep_id: str
    name: str
    email: str | None
    as_of: dt.date
    members: list[str] = field(default_factory=list)  # reps covered (a manager's team)
    items: list[tuple] = field(default_factory=list)
    goals: list[tuple] = field(default_factory=list)
    moved: list[tuple] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.kind}_{self.rep_id}"

    @property
    def subject(self) -> str:
        return f"Sales digest for {self.name}, {self.as_of:%Y-%m-%d}"


def load(db_path: Path) -> list[Digest]:
    """Every rep's and manager's digest from the warehouse (read-only)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        as_of = con.execute(
            "select date_day from marts.dim_date where is_as_of_date"
        ).fetchone()[0]
        items = con.execute(WORK_ITEMS).fetchall()
        goals = con.execute(GOAL_PACE, [as_of]).fetchall()
        moved = con.execute(MOVED_DEALS, [as_of]).fetchall()
        reps = con.execute(REPS).fetchall()
    digests = []
    for rep_id, name, email, _ in reps:
        digests.append(Digest("rep", rep_id, name or rep_id, email, as_of, [rep_id]))
    reports: dict[str, list[str]] = {}
    for rep_id, _, _, manager_id in reps:
        if manager_id and manager_id != rep_id:
            reports.setdefault(manager_id, []).append(rep_id)
    for rep_id, name, email, _ in reps:
        if rep_id in reports:
            digests.append(
                Digest("manager", rep_id, name or rep_id, email, as_of, reports[rep_id])
            )
    for digest in digests:
        members = set(digest.members)
        digest.items = [row for row in items if row[0] in members]
        digest.goals = [row for row in goals if row[0] in members]
        digest.moved = [row for row in moved if row[0] in members]
    return digests


def _items_table(digest: Digest) -> tuple[list[str], list[list[str]]]:
    header = ["rep", "priority", "item", "record", "reason", "age (days)"]
    rows = [
        [rep, str(priority), item_type, f"{record_type} {record_id}", reason, str(age)]
        for rep, priority, item_type, record_type, record_id, reason, age in (
            digest.items[:MAX_ITEMS]
        )
    ]
    return header, rows


def _goals_table(digest: Digest) -> tuple[list[str], list[list[str]]]:
    header = ["rep", "goal", "yesterday", "day's target", "to date", "target to date"]
    header.append("pace")
    rows = [
        [rep, metric, *(_num(v) for v in (actual, target, cum, target_cum, pace))]
        for rep, metric, target, actual, target_cum, cum, pace in digest.goals
    ]
    return header, rows


def _moved_table(digest: Digest) -> tuple[list[str], list[list[str]]]:
    header = ["rep", "deal", "entered stage", "amount"]
    rows = [[r, o, stage, f"{amount:,.2f}"] for r, o, stage, amount in digest.moved]
    return header, rows


def _num(value) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


SECTIONS = (
    ("Work items", _items_table, "Nothing on your list."),
    ("Yesterday against the goal pace", _goals_table, "No goals for yesterday."),
    ("Deals that moved yesterday", _moved_table, "No deal changed stage."),
)


def render_markdown(digest: Digest) -> str:
    lines = [f"# {digest.subject}", ""]
    if digest.kind == "manager":
        lines += [f"Your team: {', '.join(digest.members)}", ""]
    lines += [f"{len(digest.items)} work items as of {digest.as_of:%Y-%m-%d}.", ""]
    for title, table, empty in SECTIONS:
        header, rows = table(digest)
        lines += [f"## {title}", ""]
        if not rows:
            lines += [empty, ""]
            continue
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += [
            "| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows
        ]
        lines.append("")
    return "\n".join(lines)


def render_html(digest: Digest) -> str:
    e = html.escape
    parts = [f"<html><body><h1>{e(digest.subject)}</h1>"]
    if digest.kind == "manager":
        parts.append(f"<p>Your team: {e(', '.join(digest.members))}</p>")
    parts.append(
        f"<p>{len(digest.items)} work items as of {digest.as_of:%Y-%m-%d}.</p>"
    )
    for title, table, empty in SECTIONS:
        header, rows = table(digest)
        parts.append(f"<h2>{e(title)}</h2>")
        if not rows:
            parts.append(f"<p>{e(empty)}</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header))
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write(digests: list[Digest], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for digest in digests:
        for suffix, render in ((".md", render_markdown), (".html", render_html)):
            path = out_dir / f"{digest.slug}{suffix}"
            path.write_text(render(digest), encoding="utf-8")
            written.append(path)
    return written


def send(digests: list[Digest], host: str, port: int, sender: str) -> int:
    """Send every digest whose rep has an email; returns how many were sent."""
    sent = 0
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        for digest in digests:
            if not digest.email:
                continue
            message = EmailMessage()
            message["Subject"] = digest.subject
            message["From"] = sender
            message["To"] = digest.email
            message.set_content(render_markdown(digest))
            message.add_alternative(render_html(digest), subtype="html")
            smtp.send_message(message)
            sent += 1
    return sent
