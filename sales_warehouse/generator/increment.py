"""One more day of raw data for an existing delivery: what a daily load appends.

::

    python -m sales_warehouse.generator.increment --raw-dir data/raw --seed 42

or in-process::

    from sales_warehouse.generator.increment import append_day
    manifest = append_day("data/raw", seed=42)          # the day after the latest data

A day is what the org does in one day (volumes: the mean of the last 28 days of the
delivery, so the increment does not grow with the history), delivered the next morning
with a ``_loaded_at`` later than every row already delivered:

* new calls, SMS, e-mails with their tracking events, meetings, web sessions, leads
  with their status history, contacts, opportunities with their stage history;
* new versions of existing records: meetings of the day completed (or no-show,
  cancelled), leads that moved on, opportunities with a changed amount or stage (some
  closed won or lost), and a late-arriving OLDER version of an opportunity (it must
  not win, SPEC §2 rule 1);
* late rows: tracking events of messages sent a few days ago and weeks ago, events whose message is held back to the next
  increment (SPEC §2: events may arrive before their message; the held-back messages
  wait in ``_increments/pending/`` and are delivered by the next ``append_day``), an
  event re-delivered, a contact created for a lead that already has e-mails (it
  re-links old activity: a contact match wins), and one bad row per activity table
  (quarantined, counted by the audit).

Layout: a table delivered as one file (``email_events.parquet``, what the generator
writes) becomes a folder of daily deliveries on the first increment: the file moves to
``email_events/initial.parquet`` and each day adds ``email_events/<day>.parquet``.
``register_raw_sources`` reads a folder as one table (the files of a table are found by
``raw_contract.find_raw_files``, the rule the dbt hook follows); nothing already
delivered is rewritten, so a load costs the size of the increment. The manifest of each
day is written to ``_increments/<day>.json`` and returned.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from ..raw_contract import find_raw_files

HISTORY_DAYS = 28
DAY = 86_400
INCREMENTS = "_increments"
PENDING = "pending"
# Tables an increment appends to (the others: users, teams, products, goals, NPS, line
# items, accounts do not change in a day of the demo org).
APPENDED = [
    "telephony_calls",
    "telephony_sms",
    "email_messages",
    "email_events",
    "crm_meetings",
    "web_sessions",
    "crm_leads",
    "crm_lead_status_history",
    "crm_contacts",
    "crm_opportunities",
    "crm_opportunity_stage_history",
]
STAGES = ["prospecting", "qualification", "discovery", "proposal", "negotiation"]
STAGE_PROBABILITY = {
    "prospecting": 10,
    "qualification": 20,
    "discovery": 40,
    "proposal": 60,
    "negotiation": 80,
}
LEAD_NEXT = {"new": "working", "working": "mql", "mql": "sal", "sal": "sql"}
LOSS_REASONS = ["competitor", "price", "no_decision", "timing", "product_fit"]
COMPETITORS = ["Acme Cloud", "Globex", "Initech", "Umbrella Software"]
SUBJECTS = [
    "Quick question",
    "Following up",
    "Next steps",
    "Proposal attached",
    "Re: our call",
    "Agenda for our meeting",
]
LANDING_PAGES = ["/", "/pricing", "/product", "/contact", "/blog/pipeline", "/demo"]


# ------------------------------------------------------------------------------ files
def _files(raw: Path, table: str, fmt: str) -> list[Path]:
    located = find_raw_files(raw, table, fmt)
    return list(located.files) if located else []


def _reader(raw: Path, table: str, fmt: str) -> str:
    files = _files(raw, table, fmt)
    if not files:
        raise FileNotFoundError(f"raw table {table}: no {fmt} file in {raw}")
    paths = "[" + ", ".join(f"'{p.as_posix()}'" for p in files) + "]"
    if fmt == "parquet":
        return f"read_parquet({paths}, union_by_name = true)"
    return f"read_csv({paths}, {_CSV_OPTIONS}, union_by_name = true)"


# Stated, not sniffed: a small file whose every field is quoted defeats the sniffer.
_CSV_OPTIONS = (
    "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"
)


def _schema(raw: Path, table: str, fmt: str) -> pa.Schema:
    first = _files(raw, table, fmt)[0]
    if fmt == "parquet":
        return pq.read_schema(first)
    with first.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    return pa.schema([(name, pa.string()) for name in header])


def _as_folder(raw: Path, table: str, fmt: str) -> Path:
    """The table's delivery folder; a single-file delivery moves into it first."""
    folder = raw / table
    located = find_raw_files(raw, table, fmt)
    if located and not located.is_folder:
        folder.mkdir(exist_ok=True)
        located.path.rename(folder / f"initial.{fmt}")
    folder.mkdir(exist_ok=True)
    return folder


def _conform(columns: dict, schema: pa.Schema) -> pa.Table:
    """New rows (natural arrow types) cast to the delivered schema of the table."""
    n = len(next(iter(columns.values())))
    arrays = []
    for field in schema:
        value = columns.get(field.name)
        arr = (
            pa.nulls(n, field.type)
            if value is None
            else (value if isinstance(value, pa.Array) else pa.array(value))
        )
        if pa.types.is_timestamp(arr.type) and pa.types.is_string(field.type):
            arr = pc.cast(pc.cast(arr, pa.timestamp("s")), pa.string())
        elif pa.types.is_decimal(field.type) and pa.types.is_floating(arr.type):
            arr = pc.cast(pc.round(arr, 2), field.type)
        elif pa.types.is_string(field.type) and pa.types.is_boolean(arr.type):
            arr = pc.if_else(arr, "true", "false")
        arrays.append(pc.cast(arr, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _write(table: pa.Table, path: Path, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        pq.write_table(table, path, compression="zstd")
    else:
        pcsv.write_csv(
            table,
            path,
            write_options=pcsv.WriteOptions(
                include_header=True, quoting_style="needed"
            ),
        )


# --------------------------------------------------------------------------- helpers
def _ts(seconds) -> pa.Array:
    return pa.array(np.asarray(seconds, dtype="int64"), type=pa.timestamp("s"))


def _ts_or_null(seconds, mask) -> pa.Array:
    return pa.array(
        np.asarray(seconds, dtype="int64"),
        type=pa.timestamp("s"),
        mask=np.asarray(mask, dtype=bool),
    )


def _array(values) -> pa.Array:
    """Values of one column; a CSV delivery mixes text read back from its files with
    new typed values, which become text like the file's (booleans as true/false)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(
            [
                None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                for v in values
            ],
            type=pa.string(),
        )


def _str(values) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def _days(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


class _Ids:
    """Next ids of a table, in its own format (prefix and zero-padded width)."""

    def __init__(self, con, reader: str, key: str):
        digits = f"regexp_extract(trim({key}), '^[^0-9]*([0-9]+)$', 1)"
        self.prefix, self.width, top = con.execute(
            f"select regexp_extract(trim({key}), '^([^0-9]*)', 1), length({digits}), "
            f"max(cast({digits} as bigint)) from {reader} where {digits} != '' "
            f"group by 1, 2 order by count(*) desc, 1, 2 limit 1"
        ).fetchone()
        self.next = int(top) + 1

    def take(self, k: int) -> list[str]:
        out = [
            f"{self.prefix}{i:0{self.width}d}" for i in range(self.next, self.next + k)
        ]
        self.next += k
        return out


class _Day:
    """Everything needed to write one day: the delivery, the RNG and the new rows."""

    def __init__(
        self, raw: Path, seed: int, fmt: str, day: dt.date | None, lookback_days: int
    ):
        self.raw, self.fmt = raw, fmt
        self.con = duckdb.connect()
        self.con.execute("set TimeZone = 'UTC'")
        self.readers = {t: _reader(raw, t, fmt) for t in APPENDED + ["crm_users"]}
        latest = self.scalar(
            "select max(day) from ("
            + " union all ".join(
                f"select max(cast(try_cast({col} as timestamp) as date)) as day "
                f"from {self.readers[t]}"
                for t, col in [
                    ("telephony_calls", "started_at"),
                    ("telephony_sms", "sent_at"),
                    ("email_messages", "sent_at"),
                ]
            )
            + ")"
        )
        self.day = day or (latest + dt.timedelta(days=1))
        self.start = _days(self.day)
        self.rng = np.random.default_rng([int(seed), self.day.toordinal()])
        loaded = self.scalar(
            "select max(loaded) from ("
            + " union all ".join(
                f"select max(try_cast(_loaded_at as timestamp)) as loaded from {r}"
                for r in self.readers.values()
            )
            + ")"
        )
        self.loaded_base = max(
            int(loaded.replace(tzinfo=dt.UTC).timestamp()) + 60,
            self.start + DAY + 5 * 3600,
        )
        self.lookback_days = lookback_days
        self.rows: dict[str, list[dict]] = {t: [] for t in APPENDED}
        self.cases: dict[str, list] = {}

    # ---------------------------------------------------------------------- queries
    def scalar(self, sql: str):
        return self.con.execute(sql).fetchone()[0]

    def rows_of(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def per_day(self, table: str, column: str) -> float:
        """Mean rows per day of the last HISTORY_DAYS days before the day."""
        start = self.day - dt.timedelta(days=HISTORY_DAYS)
        n = self.scalar(
            f"select count(*) from {self.readers[table]} where "
            f"try_cast({column} as timestamp) >= timestamp '{start}' and "
            f"try_cast({column} as timestamp) < timestamp '{self.day}'"
        )
        return n / HISTORY_DAYS

    def count(self, table: str, column: str) -> int:
        return int(self.rng.poisson(max(self.per_day(table, column), 1.0)))

    def latest_versions(
        self,
        table: str,
        key: str,
        columns: str,
        where: str = "true",
        version: str = "updated_at",
    ) -> list[tuple]:
        """The winning version of each live record (what staging keeps), by key."""
        return self.rows_of(
            f"select {columns} from (select *, row_number() over (partition by {key} "
            f"order by try_cast({version} as timestamp) desc nulls last, "
            f"try_cast(_loaded_at as timestamp) desc nulls last) as version_rank "
            f"from {self.readers[table]} where {key} is not null) as versions "
            f"where version_rank = 1 and ({where}) order by {key}"
        )

    def seconds(self, k: int, lo: float = 7, hi: float = 19) -> np.ndarray:
        """k times of the day, between lo and hi o'clock UTC."""
        return self.start + self.rng.integers(int(lo * 3600), int(hi * 3600), k)

    def loaded(self, k: int, lo: int = 0, hi: int = 3600) -> np.ndarray:
        return self.loaded_base + self.rng.integers(lo, hi, k)

    def choice(self, items, k: int) -> list:
        if k <= 0 or not len(items):
            return []
        return [items[i] for i in self.rng.integers(0, len(items), k)]


# ------------------------------------------------------------------------ the day
def append_day(
    raw_dir,
    *,
    seed: int,
    fmt: str = "parquet",
    day: dt.date | None = None,
    lookback_days: int = 3,
) -> dict:
    """Append one day of raw data to the delivery in ``raw_dir``; return its manifest.

    ``day`` defaults to the day after the latest call, SMS or e-mail of the delivery.
    ``lookback_days`` only places the late tracking events: some at most that many days
    late, some far later.
    """
    fmt = fmt.lower()
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"format must be parquet or csv, not {fmt!r}")
    raw = Path(raw_dir)
    d = _Day(raw, seed, fmt, day, lookback_days)
    if d.scalar(
        f"select count(*) from {d.readers['email_messages']} where "
        f"cast(try_cast(sent_at as timestamp) as date) >= date '{d.day}'"
    ):
        raise ValueError(f"the delivery in {raw} already has data on {d.day}")
    reps = _reps(d)
    people = _people(d)
    _leads(d, reps)
    _contacts(d, people)
    _opportunities(d, reps)
    _meetings(d, reps, people)
    _calls(d, reps, people)
    _sms(d, reps, people)
    _emails(d, reps, people)
    _web_sessions(d)

    counts = {}
    for table in APPENDED:
        rows = d.rows[table]
        if not rows:
            counts[table] = 0
            continue
        columns = {name: [row.get(name) for row in rows] for name in rows[0]}
        data = {}
        for name, values in columns.items():
            if name.endswith("_at") or name in (
                "scheduled_start",
                "scheduled_end",
                "_loaded_at",
            ):
                mask = [v is None for v in values]
                data[name] = _ts_or_null([0 if v is None else v for v in values], mask)
            elif name in ("close_date", "next_step_date"):
                data[name] = pa.array(
                    [
                        None
                        if v is None
                        else dt.date(1970, 1, 1) + dt.timedelta(days=int(v))
                        for v in values
                    ],
                    type=pa.date32(),
                )
            else:
                data[name] = _array(values)
        schema = _schema(raw, table, fmt)
        table_rows = _conform(data, schema)
        folder = _as_folder(raw, table, fmt)
        _write(table_rows, folder / f"{d.day.isoformat()}.{fmt}", fmt)
        counts[table] = table_rows.num_rows
    pending = d.cases.pop("_pending_messages", [])
    pending_path = raw / INCREMENTS / PENDING / f"email_messages.{fmt}"
    if pending_path.exists():
        pending_path.unlink()
    if pending:
        columns = {name: [row.get(name) for row in pending] for name in pending[0]}
        data = {
            name: (_ts(values) if name.endswith("_at") else pa.array(values))
            for name, values in columns.items()
        }
        _write(_conform(data, _schema(raw, "email_messages", fmt)), pending_path, fmt)

    manifest = {
        "day": d.day.isoformat(),
        "seed": int(seed),
        "format": fmt,
        "loaded_at_from": _iso(d.loaded_base),
        "loaded_at_to": _iso(d.loaded_base + 2 * 3600),
        "row_counts": counts,
        "cases": d.cases,
    }
    path = raw / INCREMENTS / f"{d.day.isoformat()}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


# ------------------------------------------------------------------------ entities
def _reps(d: _Day) -> list[tuple]:
    rows = d.latest_versions(
        "crm_users",
        "user_id",
        "user_id, lower(trim(email))",
        "lower(trim(role)) in ('sdr', 'ae') and terminated_at is null",
    )
    if not rows:
        raise ValueError("the delivery has no active sales reps")
    phones = dict(
        d.rows_of(
            f"select user_id, min(from_number) from {d.readers['telephony_calls']} "
            f"where lower(trim(direction)) = 'outbound' group by 1"
        )
    )
    return [
        (user_id, email, phones.get(user_id) or f"+1555{i:07d}")
        for i, (user_id, email) in enumerate(rows)
    ]


def _people(d: _Day) -> dict:
    contacts = d.latest_versions(
        "crm_contacts",
        "contact_id",
        "contact_id, account_id, email, phone",
        "not coalesce(try_cast(is_deleted as boolean), false)",
    )
    leads = d.latest_versions(
        "crm_leads", "lead_id", "lead_id, email, status", "email is not null"
    )
    return {"contacts": contacts, "leads": leads}


def _leads(d: _Day, reps) -> None:
    ids = _Ids(d.con, d.readers["crm_leads"], "lead_id")
    hist = _Ids(d.con, d.readers["crm_lead_status_history"], "history_id")
    sources = [
        r[0]
        for r in d.rows_of(
            f"select distinct lead_source from {d.readers['crm_leads']} "
            f"where lead_source is not null order by 1"
        )
    ]
    k = d.count("crm_leads", "created_at")
    created = d.seconds(k, 0, 23)
    new_ids = ids.take(k)
    for i, lead_id in enumerate(new_ids):
        at = int(created[i])
        d.rows["crm_leads"].append(
            {
                "lead_id": lead_id,
                "email": f"prospect.{lead_id}@newco{i % 7}.com",
                "company_name": f"Newco {i % 7}",
                "lead_source": d.choice(sources, 1)[0],
                "owner_user_id": d.choice(reps, 1)[0][0],
                "lead_score": int(d.rng.integers(0, 101)),
                "status": "new",
                "created_at": at,
                "updated_at": at,
                "is_deleted": False,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
        d.rows["crm_lead_status_history"].append(
            {
                "history_id": hist.take(1)[0],
                "lead_id": lead_id,
                "status": "new",
                "changed_at": at,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["new_leads"] = new_ids
    # Leads that move on: a new version and a status change.
    open_leads = d.latest_versions(
        "crm_leads",
        "lead_id",
        "lead_id, email, company_name, lead_source, "
        "owner_user_id, lead_score, lower(trim(status)), created_at, updated_at",
        "lower(trim(status)) in ('new', 'working', 'mql', 'sal') "
        "and not coalesce(try_cast(is_deleted as boolean), false)",
    )
    moved = d.choice(open_leads, max(1, k // 2)) if open_leads else []
    seen = set()
    for row in moved:
        if row[0] in seen:
            continue
        seen.add(row[0])
        at = int(d.seconds(1, 0, 23)[0])
        status = LEAD_NEXT[row[6]]
        d.rows["crm_leads"].append(
            {
                "lead_id": row[0],
                "email": row[1],
                "company_name": row[2],
                "lead_source": row[3],
                "owner_user_id": row[4],
                "lead_score": row[5],
                "status": status,
                "created_at": _parse_seconds(row[7]),
                "updated_at": at,
                "is_deleted": False,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
        d.rows["crm_lead_status_history"].append(
            {
                "history_id": hist.take(1)[0],
                "lead_id": row[0],
                "status": status,
                "changed_at": at,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["lead_new_versions"] = sorted(seen)


def _parse_seconds(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, dt.datetime):
        return int(value.replace(tzinfo=value.tzinfo or dt.UTC).timestamp())
    text = str(value).strip().replace("T", " ")
    parsed = dt.datetime.fromisoformat(text)
    return int(parsed.replace(tzinfo=parsed.tzinfo or dt.UTC).timestamp())


def _contacts(d: _Day, people) -> None:
    """New contacts; one for a lead that already has e-mails (it re-links them)."""
    ids = _Ids(d.con, d.readers["crm_contacts"], "contact_id")
    accounts = sorted({r[1] for r in people["contacts"] if r[1]})
    k = max(1, d.count("crm_contacts", "created_at"))
    emailed = d.rows_of(
        f"select lower(trim(to_address)) from {d.readers['email_messages']} "
        f"where lower(trim(direction)) = 'outbound' and to_address is not null "
        f"group by 1 order by 1"
    )
    emailed = {r[0] for r in emailed}
    contact_emails = {(r[2] or "").strip().lower() for r in people["contacts"]}
    lead_emails = [
        r[1]
        for r in people["leads"]
        if (r[1] or "").strip().lower() in emailed
        and (r[1] or "").strip().lower() not in contact_emails
    ]
    relinked = d.choice(lead_emails, 1)
    new_ids = ids.take(k)
    for i, contact_id in enumerate(new_ids):
        at = int(d.seconds(1)[0])
        email = (
            relinked[0] if (i == 0 and relinked) else f"{contact_id}@customer{i}.com"
        )
        d.rows["crm_contacts"].append(
            {
                "contact_id": contact_id,
                "account_id": d.choice(accounts, 1)[0],
                "email": email,
                "phone": f"+4930{int(d.rng.integers(1e6, 1e7)):07d}",
                "title": "Buyer",
                "lead_source": None,
                "created_at": at,
                "updated_at": at,
                "is_deleted": False,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["new_contacts"] = new_ids
    d.cases["contact_for_emailed_lead"] = relinked


def _opportunities(d: _Day, reps) -> None:
    ids = _Ids(d.con, d.readers["crm_opportunities"], "opportunity_id")
    hist = _Ids(d.con, d.readers["crm_opportunity_stage_history"], "history_id")
    columns = (
        "opportunity_id, account_id, owner_user_id, opportunity_name, "
        "opportunity_type, lead_source, cast(amount as double), currency, "
        "lower(trim(stage_name)), created_at, updated_at, close_date"
    )
    open_opps = d.latest_versions(
        "crm_opportunities",
        "opportunity_id",
        columns,
        "not coalesce(try_cast(is_closed as boolean), false) "
        "and not coalesce(try_cast(is_deleted as boolean), false) "
        "and lower(trim(stage_name)) in ('" + "', '".join(STAGES) + "') "
        "and try_cast(amount as double) >= 0",
    )
    accounts = sorted({r[1] for r in open_opps if r[1]})

    def row(
        opp, *, stage, amount, at, closed=False, won=False, close_day=None, loaded=None
    ):
        stage_name = ("closed_won" if won else "closed_lost") if closed else stage
        lost = closed and not won
        reason = d.choice(LOSS_REASONS, 1)[0] if lost else None
        return {
            "opportunity_id": opp[0],
            "account_id": opp[1],
            "owner_user_id": opp[2],
            "opportunity_name": opp[3],
            "opportunity_type": opp[4],
            "lead_source": opp[5],
            "amount": round(float(amount), 2),
            "currency": opp[7],
            "stage_name": stage_name,
            "probability": (100 if won else 0) if closed else STAGE_PROBABILITY[stage],
            "forecast_category": "closed" if closed else "pipeline",
            "created_at": _parse_seconds(opp[9]),
            "close_date": close_day,
            "is_closed": closed,
            "is_won": won,
            "loss_reason": reason,
            "competitor_name": d.choice(COMPETITORS, 1)[0]
            if reason == "competitor"
            else None,
            "next_step": None if closed else "Follow up",
            "next_step_date": None if closed else close_day,
            "updated_at": at,
            "is_deleted": False,
            "_loaded_at": int(d.loaded(1)[0]) if loaded is None else loaded,
        }

    def stage_row(new):
        """The history row of a new opportunity version, made by its owner."""
        d.rows["crm_opportunity_stage_history"].append(
            {
                "history_id": hist.take(1)[0],
                **{
                    column: new[column]
                    for column in (
                        "opportunity_id",
                        "stage_name",
                        "amount",
                        "currency",
                        "close_date",
                        "forecast_category",
                        "probability",
                        "owner_user_id",
                    )
                },
                "changed_at": new["updated_at"],
                "changed_by_user_id": new["owner_user_id"],
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )

    today = d.start // DAY
    k = max(1, d.count("crm_opportunities", "created_at"))
    new_ids = ids.take(k)
    for opp_id in new_ids:
        at = int(d.seconds(1)[0])
        account = d.choice(accounts, 1)[0] if accounts else None
        owner = d.choice(reps, 1)[0][0]
        amount = float(d.rng.integers(20, 400)) * 250
        opp = (
            opp_id,
            account,
            owner,
            f"{account} - new deal",
            "new_business",
            "Web",
            amount,
            "USD",
            "prospecting",
            at,
        )
        new = row(opp, stage="prospecting", amount=amount, at=at, close_day=today + 60)
        d.rows["crm_opportunities"].append(new)
        stage_row(new)
    d.cases["new_opportunities"] = new_ids

    # Existing open deals that change: amount and stage, some closed won or lost.
    changed = []
    picks = (
        sorted({int(i) for i in d.rng.integers(0, len(open_opps), 2 * k)})
        if open_opps
        else []
    )
    for j, i in enumerate(picks):
        opp = open_opps[i]
        at = max(int(d.seconds(1)[0]), (_parse_seconds(opp[10]) or 0) + 60)
        stage_at = STAGES.index(opp[8])
        outcome = j % 4
        if outcome == 0:
            new = row(
                opp,
                stage=opp[8],
                amount=opp[6] * 1.1,
                at=at,
                closed=True,
                won=True,
                close_day=today,
            )
        elif outcome == 1:
            new = row(
                opp,
                stage=opp[8],
                amount=opp[6],
                at=at,
                closed=True,
                won=False,
                close_day=today,
            )
        else:
            stage = STAGES[min(stage_at + 1, len(STAGES) - 1)]
            new = row(
                opp, stage=stage, amount=opp[6] * 0.9, at=at, close_day=today + 30
            )
        d.rows["crm_opportunities"].append(new)
        stage_row(new)
        changed.append(
            {
                "opportunity_id": opp[0],
                "stage_name": new["stage_name"],
                "amount": new["amount"],
            }
        )
    d.cases["opportunity_new_versions"] = changed
    # A late OLDER version (updated before the stored one, delivered now): superseded.
    older = [o for o in open_opps if o[0] not in {c["opportunity_id"] for c in changed}]
    if older:
        opp = older[int(d.rng.integers(0, len(older)))]
        stored = _parse_seconds(opp[10])
        d.rows["crm_opportunities"].append(
            row(
                opp,
                stage=opp[8],
                amount=opp[6] * 3,
                at=stored - DAY,
                close_day=(stored // DAY) + 30,
            )
        )
        d.cases["opportunity_older_version"] = [
            {"opportunity_id": opp[0], "updated_at": _iso(stored - DAY)}
        ]


def _meetings(d: _Day, reps, people) -> None:
    ids = _Ids(d.con, d.readers["crm_meetings"], "meeting_id")
    k = d.count("crm_meetings", "created_at")
    new_ids = ids.take(k)
    contacts = people["contacts"]
    for meeting_id in new_ids:
        created = int(d.seconds(1)[0])
        contact = d.choice(contacts, 1)[0]
        start = (
            d.start
            + DAY * int(d.rng.integers(1, 10))
            + 3600 * int(d.rng.integers(8, 17))
        )
        d.rows["crm_meetings"].append(
            {
                "meeting_id": meeting_id,
                "owner_user_id": d.choice(reps, 1)[0][0],
                "contact_id": contact[0],
                "lead_id": None,
                "account_id": contact[1],
                "opportunity_id": None,
                "meeting_type": "discovery",
                "scheduled_start": start,
                "scheduled_end": start + 1800,
                "status": "scheduled",
                "created_at": created,
                "updated_at": created,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    # Meetings of the day get their outcome: a new version.
    due = d.latest_versions(
        "crm_meetings",
        "meeting_id",
        "meeting_id, owner_user_id, contact_id, lead_id, account_id, opportunity_id, "
        "meeting_type, scheduled_start, scheduled_end, created_at",
        f"lower(trim(status)) = 'scheduled' and cast(try_cast(scheduled_start as "
        f"timestamp) as date) = date '{d.day}'",
    )
    outcomes = (
        d.rng.choice(
            ["completed", "completed", "completed", "no_show", "cancelled"], len(due)
        )
        if due
        else []
    )
    for m, status in zip(due, outcomes):
        end = _parse_seconds(m[8]) or d.start + 12 * 3600
        d.rows["crm_meetings"].append(
            {
                "meeting_id": m[0],
                "owner_user_id": m[1],
                "contact_id": m[2],
                "lead_id": m[3],
                "account_id": m[4],
                "opportunity_id": m[5],
                "meeting_type": m[6],
                "scheduled_start": _parse_seconds(m[7]),
                "scheduled_end": _parse_seconds(m[8]),
                "status": str(status),
                "created_at": _parse_seconds(m[9]),
                "updated_at": min(end + 600, d.start + DAY - 1),
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["new_meetings"] = new_ids
    d.cases["meeting_new_versions"] = [m[0] for m in due]
    _meeting_logged_late(d, reps, people, ids)


def _meeting_logged_late(d: _Day, reps, people, ids: _Ids) -> None:
    """A completed meeting logged today but held a week or more ago, an hour before the
    latest outbound call to a contact who was never engaged (no completed meeting, no
    e-mail from them or reply to one sent to them, no answered outbound call to their
    number): that call was cold and turns warm, though no record of it changed (the
    contact's first engagement moved back)."""
    stats = d.rows_of(
        f"select to_number, max(try_cast(started_at as timestamp)) as last_call "
        f"from {d.readers['telephony_calls']} where lower(trim(direction)) = 'outbound' "
        f"group by 1 having not bool_or(try_cast(answered_at as timestamp) is not null) "
        f"and max(try_cast(started_at as timestamp)) < timestamp "
        f"'{d.day - dt.timedelta(days=7)}' order by 1"
    )
    last_call = {number: at for number, at in stats if number}
    messages, events = d.readers["email_messages"], d.readers["email_events"]
    emailed = {
        r[0]
        for r in d.rows_of(
            f"select lower(trim(from_address)) from {messages} "
            f"where lower(trim(direction)) = 'inbound' union "
            f"select lower(trim(to_address)) from {messages} where message_id in ("
            f"select message_id from {events} where lower(trim(event_type)) = 'replied')"
        )
    }
    met = {
        r[0]
        for r in d.rows_of(
            f"select distinct contact_id from {d.readers['crm_meetings']} "
            f"where lower(trim(status)) = 'completed'"
        )
    }
    phones = [r[3] for r in people["contacts"]]
    candidates = [
        r
        for r in people["contacts"]
        if r[3] in last_call
        and re.fullmatch(r"\+\d{8,15}", r[3])
        and phones.count(r[3]) == 1
        and r[0] not in met
        and (r[2] or "").strip().lower() not in emailed
    ]
    if not candidates:
        d.cases["meeting_logged_late"] = []
        return
    contact_id, account_id, _, phone = d.choice(candidates, 1)[0]
    call_at = int(last_call[phone].replace(tzinfo=dt.UTC).timestamp())
    meeting_id = ids.take(1)[0]
    created = int(d.seconds(1)[0])
    d.rows["crm_meetings"].append(
        {
            "meeting_id": meeting_id,
            "owner_user_id": d.choice(reps, 1)[0][0],
            "contact_id": contact_id,
            "lead_id": None,
            "account_id": account_id,
            "opportunity_id": None,
            "meeting_type": "discovery",
            "scheduled_start": call_at - 3600,
            "scheduled_end": call_at - 1800,
            "status": "completed",
            "created_at": created,
            "updated_at": created,
            "_loaded_at": int(d.loaded(1)[0]),
        }
    )
    d.cases["meeting_logged_late"] = [
        {
            "meeting_id": meeting_id,
            "contact_id": contact_id,
            "warmed_call_at": _iso(call_at),
        }
    ]


def _counterparts(d: _Day, people, k: int, kind: str) -> list:
    """Counterpart addresses or numbers: mostly known contacts/leads, some unknown."""
    if kind == "phone":
        known = [r[3] for r in people["contacts"] if r[3]]
    else:
        known = [r[2] for r in people["contacts"] if r[2]] + [
            r[1] for r in people["leads"] if r[1]
        ]
    out = d.choice(known, k)
    unknown = d.rng.random(k) < 0.15
    for i in np.nonzero(unknown)[0]:
        out[i] = (
            f"+1999{int(d.rng.integers(1e6, 1e7)):07d}"
            if kind == "phone"
            else f"someone{int(d.rng.integers(1e6, 1e7))}@unknown.org"
        )
    return out


def _calls(d: _Day, reps, people) -> None:
    ids = _Ids(d.con, d.readers["telephony_calls"], "call_id")
    k = d.count("telephony_calls", "started_at")
    call_ids = ids.take(k)
    started = d.seconds(k)
    outbound = d.rng.random(k) < 0.85
    answered = d.rng.random(k) < np.where(outbound, 0.3, 0.9)
    duration = np.where(answered, d.rng.integers(60, 1800, k), d.rng.integers(5, 40, k))
    numbers = _counterparts(d, people, k, "phone")
    rep = d.choice(reps, k)
    for i, call_id in enumerate(call_ids):
        rep_phone, other = rep[i][2], numbers[i]
        disposition = (
            ("meeting_booked" if answered[i] and i % 9 == 0 else "connected")
            if answered[i]
            else ["no_answer", "voicemail", "busy"][i % 3]
        )
        d.rows["telephony_calls"].append(
            {
                "call_id": call_id,
                "user_id": rep[i][0],
                "direction": "outbound" if outbound[i] else "inbound",
                "from_number": rep_phone if outbound[i] else other,
                "to_number": other if outbound[i] else rep_phone,
                "started_at": int(started[i]),
                "answered_at": int(started[i]) + 8 if answered[i] else None,
                "ended_at": int(started[i]) + int(duration[i]),
                "duration_seconds": int(duration[i]),
                "disposition": disposition,
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    # One bad row: it ends before it starts (quarantined, counted by the audit).
    bad = dict(d.rows["telephony_calls"][-1]) if call_ids else None
    if bad:
        bad.update(call_id=ids.take(1)[0], ended_at=bad["started_at"] - 60)
        d.rows["telephony_calls"].append(bad)
        d.cases["quarantined_call"] = [bad["call_id"]]
    d.cases["new_calls"] = len(call_ids)


def _sms(d: _Day, reps, people) -> None:
    ids = _Ids(d.con, d.readers["telephony_sms"], "sms_id")
    k = d.count("telephony_sms", "sent_at")
    sms_ids = ids.take(k)
    sent = np.sort(d.seconds(k))
    numbers = _counterparts(d, people, k, "phone")
    rep = d.choice(reps, k)
    for i, sms_id in enumerate(sms_ids):
        outbound = i % 3 != 2
        # Every third SMS answers the one before it (a reply within 24 hours).
        other = numbers[i - 1] if (not outbound and i) else numbers[i]
        d.rows["telephony_sms"].append(
            {
                "sms_id": sms_id,
                "user_id": rep[i][0],
                "direction": "outbound" if outbound else "inbound",
                "from_number": rep[i][2] if outbound else other,
                "to_number": other if outbound else rep[i][2],
                "sent_at": int(sent[i]) + (600 if not outbound else 0),
                "status": "delivered" if outbound else "received",
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["new_sms"] = len(sms_ids)


def _emails(d: _Day, reps, people) -> None:
    msg_ids = _Ids(d.con, d.readers["email_messages"], "message_id")
    evt_ids = _Ids(d.con, d.readers["email_events"], "event_id")
    k = d.count("email_messages", "sent_at")
    new_ids = msg_ids.take(k)
    sent = d.seconds(k)
    outbound = d.rng.random(k) < 0.85
    addresses = _counterparts(d, people, k, "email")
    rep = d.choice(reps, k)
    messages = []
    for i, message_id in enumerate(new_ids):
        messages.append(
            {
                "message_id": message_id,
                "thread_id": f"thr_new_{message_id}",
                "user_id": rep[i][0],
                "direction": "outbound" if outbound[i] else "inbound",
                "from_address": rep[i][1] if outbound[i] else addresses[i],
                "to_address": addresses[i] if outbound[i] else rep[i][1],
                "sequence_id": None,
                "subject": d.choice(SUBJECTS, 1)[0],
                "sent_at": int(sent[i]),
            }
        )

    def event(message_id, event_type, at, loaded):
        d.rows["email_events"].append(
            {
                "event_id": evt_ids.take(1)[0],
                "message_id": message_id,
                "event_type": event_type,
                "occurred_at": int(at),
                "_loaded_at": int(loaded),
            }
        )

    end = d.start + DAY - 1
    for m in messages:
        if m["direction"] != "outbound":
            continue
        r = d.rng.random(4)
        at = m["sent_at"]
        event(
            m["message_id"],
            "bounced" if r[0] < 0.03 else "delivered",
            at + 30,
            d.loaded(1, 0, 1800)[0],
        )
        if r[0] >= 0.03 and r[1] < 0.45:
            event(
                m["message_id"], "opened", min(at + 1800, end), d.loaded(1, 0, 1800)[0]
            )
            if r[2] < 0.25:
                event(
                    m["message_id"],
                    "clicked",
                    min(at + 2400, end),
                    d.loaded(1, 0, 1800)[0],
                )
            if r[3] < 0.2:
                event(
                    m["message_id"],
                    "replied",
                    min(at + 3600, end),
                    d.loaded(1, 0, 1800)[0],
                )
    # Messages of the day are loaded after their events (same delivery).
    for m in messages:
        m["_loaded_at"] = int(d.loaded(1, 1800, 3600)[0])
    # Some messages are held back to the next increment: their events come first.
    outbound_new = [m for m in messages if m["direction"] == "outbound"]
    held = outbound_new[: max(1, len(outbound_new) // 50)]
    for m in held:
        event(
            m["message_id"],
            "opened",
            min(m["sent_at"] + 600, end),
            d.loaded(1, 0, 1800)[0],
        )
        event(
            m["message_id"],
            "replied",
            min(m["sent_at"] + 900, end),
            d.loaded(1, 0, 1800)[0],
        )
    held_ids = {m["message_id"] for m in held}
    delivered = [m for m in messages if m["message_id"] not in held_ids]
    # Messages held back by the previous increment arrive now, after their events.
    pending_path = d.raw / INCREMENTS / PENDING / f"email_messages.{d.fmt}"
    arrived = []
    if pending_path.exists():
        rows = d.rows_of(
            f"select message_id, thread_id, user_id, direction, "
            f"from_address, to_address, sequence_id, subject, "
            f"try_cast(sent_at as timestamp) from "
            f"{_reader_file(pending_path, d.fmt)} order by 1"
        )
        for r in rows:
            arrived.append(r[0])
            delivered.append(
                {
                    "message_id": r[0],
                    "thread_id": r[1],
                    "user_id": r[2],
                    "direction": r[3],
                    "from_address": r[4],
                    "to_address": r[5],
                    "sequence_id": r[6],
                    "subject": r[7],
                    "sent_at": _parse_seconds(r[8]),
                    "_loaded_at": int(d.loaded(1, 1800, 3600)[0]),
                }
            )
    d.rows["email_messages"].extend(delivered)
    d.cases["_pending_messages"] = [
        {k2: v for k2, v in m.items() if k2 != "_loaded_at"} for m in held
    ]
    d.cases["messages_held_back"] = sorted(held_ids)
    d.cases["messages_after_their_events"] = arrived

    # Late events: messages sent inside the look-back window, and far outside it.
    window = d.rows_of(
        f"select message_id from {d.readers['email_messages']} where "
        f"lower(trim(direction)) = 'outbound' and try_cast(sent_at as timestamp) >= "
        f"timestamp '{d.day - dt.timedelta(days=max(d.lookback_days - 1, 1))}' and "
        f"try_cast(sent_at as timestamp) < timestamp '{d.day}' order by 1"
    )
    late = d.choice([r[0] for r in window], max(1, k // 20))
    for message_id in late:
        event(message_id, "replied", d.seconds(1)[0], d.loaded(1)[0])
    old = d.rows_of(
        f"select message_id from {d.readers['email_messages']} where "
        f"lower(trim(direction)) = 'outbound' and try_cast(sent_at as timestamp) "
        f"between timestamp '{d.day - dt.timedelta(days=40)}' and "
        f"timestamp '{d.day - dt.timedelta(days=20)}' order by 1"
    )
    very_late = d.choice([r[0] for r in old], 2)
    for message_id in very_late:
        event(message_id, "clicked", d.seconds(1)[0], d.loaded(1)[0])
    d.cases["late_events_in_lookback"] = sorted(set(late))
    d.cases["late_events_outside_lookback"] = sorted(set(very_late))
    # An event delivered again (same id and values): the re-delivery is a version.
    again = d.rows_of(
        f"select event_id, message_id, event_type, try_cast(occurred_at as timestamp) "
        f"from {d.readers['email_events']} where event_id is not null and "
        f"try_cast(occurred_at as timestamp) >= timestamp "
        f"'{d.day - dt.timedelta(days=2)}' order by event_id limit 1"
    )
    for event_id, message_id, event_type, occurred in again:
        d.rows["email_events"].append(
            {
                "event_id": event_id,
                "message_id": message_id,
                "event_type": event_type,
                "occurred_at": _parse_seconds(occurred),
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["redelivered_events"] = [r[0] for r in again]
    # One bad row: an event without its id (quarantined).
    if d.rows["email_events"]:
        bad = dict(d.rows["email_events"][0])
        bad["event_id"] = None
        d.rows["email_events"].append(bad)


def _reader_file(path: Path, fmt: str) -> str:
    if fmt == "parquet":
        return f"read_parquet('{path.as_posix()}')"
    return f"read_csv('{path.as_posix()}', {_CSV_OPTIONS})"


def _web_sessions(d: _Day) -> None:
    ids = _Ids(d.con, d.readers["web_sessions"], "session_id")
    k = d.count("web_sessions", "started_at")
    session_ids = ids.take(k)
    started = d.seconds(k, 0, 23)
    leads = d.cases.get("new_leads", [])
    for i, session_id in enumerate(session_ids):
        d.rows["web_sessions"].append(
            {
                "session_id": session_id,
                "anonymous_id": f"anon_new_{int(d.rng.integers(0, max(k, 1) * 3))}",
                "lead_id": leads[i] if i < len(leads) and i % 2 == 0 else None,
                "started_at": int(started[i]),
                "landing_page": d.choice(LANDING_PAGES, 1)[0],
                "utm_source": "google",
                "utm_medium": "organic",
                "utm_campaign": None,
                "pageviews": int(d.rng.integers(1, 9)),
                "_loaded_at": int(d.loaded(1)[0]),
            }
        )
    d.cases["new_web_sessions"] = len(session_ids)


# ------------------------------------------------------------------------------ CLI
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.generator.increment",
        description="Append one day of raw data to a generated delivery.",
    )
    parser.add_argument("--raw-dir", required=True, help="the delivery to append to")
    parser.add_argument("--seed", type=int, required=True, help="random seed")
    parser.add_argument(
        "--format",
        dest="fmt",
        choices=["parquet", "csv"],
        default="parquet",
        help="file format (default parquet)",
    )
    parser.add_argument(
        "--day",
        default=None,
        help="the day to append (default: the day after the latest data)",
    )
    args = parser.parse_args(argv)
    day = dt.date.fromisoformat(args.day) if args.day else None
    manifest = append_day(args.raw_dir, seed=args.seed, fmt=args.fmt, day=day)
    print(f"sales_warehouse.generator.increment: {manifest['day']} -> {args.raw_dir}")
    for table, n in manifest["row_counts"].items():
        print(f"  {table:<32} {n:>8,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
