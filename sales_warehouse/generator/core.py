"""Orchestration: build the clean world, load it, break it, write it."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import numpy as np

from ..raw_contract import RawTable, load_contract
from . import config as C
from .activity import build_activities
from .crm import build_crm
from .goals import build_goals
from .hubspot import write_hubspot
from .org import build_org
from .problems import Injector, add_loaded_at
from .salesforce import write_salesforce
from .table import LOADED_AT, Col, Table, obj_array, write_table
from .timeutil import DAY, Ctx, iso

# The generator builds, breaks and writes the raw tables source system by source system
# in this order, a system's tables in the order its source YAML declares them. Its random
# draws follow that order: changing it changes the demo data. A source system not listed
# here comes last.
SOURCE_ORDER = ("crm", "email", "telephony", "web", "goals", "nps")


def generation_order(contract: dict[str, RawTable]) -> list[str]:
    """Every raw table of the contract, in the order the generator handles them."""
    rank = {source: i for i, source in enumerate(SOURCE_ORDER)}
    order = {
        name: (rank.get(table.source, len(rank)), i)
        for i, (name, table) in enumerate(contract.items())
    }
    return sorted(contract, key=order.__getitem__)


# Every raw table of the contract (the dbt source YAML files), in generation order.
TABLES = generation_order(load_contract())
HISTORY_TABLES = {"crm_lead_status_history", "crm_opportunity_stage_history"}
# A company with only a CRM export (SPEC §6, `--crm-only`): these tables hold rows, every
# other one is delivered empty (header only).
CRM_ONLY_TABLES = (
    "crm_users",
    "crm_teams",
    "crm_accounts",
    "crm_products",
    "crm_opportunities",
)
SOURCE_SYSTEMS = ("contract", "salesforce", "hubspot")
DEFAULT_START = "2024-01-01"
DEFAULT_END = "2026-10-31"


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parse_anchor(value) -> int:
    """``--loaded-at`` as epoch seconds (UTC); default: now, truncated to the hour."""
    if value is None:
        now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
        return int(now.timestamp())
    if isinstance(value, dt.datetime):
        d = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        d = dt.datetime.fromisoformat(text)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.UTC)
    return int(d.timestamp())


def generate(
    out_dir="data/raw",
    scale: float = 1,
    seed: int = 42,
    fmt: str = "parquet",
    start_date=DEFAULT_START,
    end_date=DEFAULT_END,
    loaded_at=None,
    verbose: bool = False,
    crm_only: bool = False,
    source_system: str = "contract",
) -> dict:
    """Generate every raw table of SPEC §2 into ``out_dir`` and return the manifest.
    `crm_only`: the same organisation, but only CRM_ONLY_TABLES hold rows (every other
    table empty), row for row those of the full delivery. `source_system` salesforce
    or hubspot: the same organisation as Fivetran lands Salesforce or HubSpot
    (generator/salesforce.py, generator/hubspot.py), the contract delivery kept in
    `out_dir`/_contract for comparison."""
    t_start = time.perf_counter()
    fmt = fmt.lower()
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"format must be parquet or csv, not {fmt!r}")
    if source_system not in SOURCE_SYSTEMS:
        raise ValueError(
            f"source system must be one of {', '.join(SOURCE_SYSTEMS)}, "
            f"not {source_system!r}"
        )
    scale = float(scale)
    if not scale > 0:
        raise ValueError("scale must be > 0")
    start, end = _parse_date(start_date), _parse_date(end_date)
    if (end - start).days < 90:
        raise ValueError("the history must span at least 90 days")
    anchor = parse_anchor(loaded_at)
    ctx = Ctx(scale=scale, seed=int(seed), start=start, end=end)

    def log(msg):
        if verbose:
            print(f"  [{time.perf_counter() - t_start:6.1f}s] {msg}", flush=True)

    org = build_org(ctx)
    log("organisation")
    crm = build_crm(ctx, org)
    log("crm")
    act = build_activities(ctx, org, crm)
    log("activities")
    goals = build_goals(ctx, org, crm, act)
    log("goals")

    tables: dict[str, Table] = {
        "crm_users": org.users_table,
        "crm_teams": org.teams_table,
        "crm_products": org.products_table,
        "sales_goals": goals,
    }
    tables.update(crm.tables)
    tables.update(act.tables)
    # A table of the contract the generator has no data for (one just declared in the
    # source YAML) is delivered empty, which SPEC §6 allows for an optional table.
    contract = load_contract()
    names = generation_order(contract)
    not_generated = [name for name in names if name not in tables]
    tables = {name: tables[name] for name in names if name in tables}
    clean_counts = {name: t.n for name, t in tables.items()}
    signals = _signals(ctx, org, crm, act)
    for t in tables.values():
        add_loaded_at(ctx, t)

    inj = Injector(ctx, tables)
    inj.orphans()
    inj.missing_fx()
    inj.load_disorder()
    inj.soft_deletes()
    inj.versions(exclude={"sales_goals": goals.revised_keys})
    inj.redeliveries()
    inj.messy_values()
    inj.bad_rows(clean_counts)
    log("problems injected")
    revised = sorted(set(goals.revised_keys.tolist()))

    rng = ctx.rng("row-order")
    for name, t in tables.items():
        if name in HISTORY_TABLES:
            t.reorder(rng.permutation(t.n))
        else:
            t.reorder(np.lexsort((t.data[t.key], t.data[LOADED_AT])))

    shift = anchor - max(int(t.data[LOADED_AT].max()) for t in tables.values())
    for t in tables.values():
        t.data[LOADED_AT] = t.data[LOADED_AT] + shift
    if crm_only:
        tables = {
            name: t if name in CRM_ONLY_TABLES else t.take(np.zeros(0, np.int64))
            for name, t in tables.items()
        }
    tables = {
        name: tables[name] if name in tables else empty_table(contract[name])
        for name in names
    }
    injected = inj.out
    for row in injected["bad_rows"]:
        row["loaded_at"] = iso(row["loaded_at"] + shift)
    spec = tables["sales_goals"].specs["goal_id"]
    injected["goal_revisions"] = [
        {
            "table": "sales_goals",
            "key": f"{spec.prefix}{k:0{spec.width}d}",
            "versions": 2,
        }
        for k in revised[:20]
    ]
    injected["unlinked_activity_share"] = signals.pop("unlinked_activity_share")
    injected["unlinked_activity_share_by_table"] = signals.pop("unlinked_by_table")

    out = Path(out_dir)
    if source_system != "contract":
        # The organisation in the contract's shape first, then rewritten.
        final_out, out = out, out / "_contract"
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = out / f"{name}.{fmt}"
        if path.exists():
            path.unlink()
    manifest_path = out / "_manifest.json"
    if manifest_path.exists():
        manifest_path.unlink()
    row_counts = {}
    for name in names:
        write_table(tables[name], out, fmt)
        row_counts[name] = tables[name].n
        log(f"wrote {name} ({tables[name].n:,} rows)")

    if source_system != "contract":
        for name in names:
            (final_out / f"{name}.{fmt}").unlink(missing_ok=True)
        write = write_salesforce if source_system == "salesforce" else write_hubspot
        row_counts = write(out, final_out, fmt)
        manifest_path = final_out / "_manifest.json"
    manifest = {
        "generator_version": C.GENERATOR_VERSION,
        "source_system": source_system,
        "seed": ctx.seed,
        "scale": scale,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "format": fmt,
        "crm_only": crm_only,
        **({"not_generated": not_generated} if not_generated else {}),
        "loaded_at_anchor": iso(anchor),
        "row_counts": row_counts,
        "clean_row_counts": clean_counts,
        "rates": dict(C.RATES),
        "signals": signals,
        "string_timestamp_columns": {
            "telephony_calls": ["started_at"],
            "crm_leads": ["created_at"],
            "email_events": ["occurred_at"],
        },
        "injected": injected,
    }
    manifest_path.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    manifest["_elapsed_seconds"] = round(time.perf_counter() - t_start, 2)
    return manifest


def empty_table(table: RawTable) -> Table:
    """A raw table of the contract without rows: its columns (text) and `_loaded_at`."""
    columns = (*table.delivered_columns, LOADED_AT)
    specs = {
        c: Col("ts") if c == LOADED_AT else Col("cat", values=obj_array([]))
        for c in columns
    }
    return Table(table.name, specs, {c: np.zeros(0, dtype=np.int64) for c in columns})


def _signals(ctx, org, crm, act) -> dict:
    """A few headline numbers of the clean data (before problems), for the summary."""
    opp = crm.opp
    closed = opp.is_closed.astype(bool)
    won = opp.is_won.astype(bool)
    usd = np.array([a / C.FX_PER_USD[c] for a, c in zip(opp.amount, opp.ccy)])
    launched = org.products.launched
    new_products = [p for p in range(org.products.n) if launched[p] >= ctx.S]
    li = opp.lines
    li_usd = (
        np.array([t / C.FX_PER_USD[opp.ccy[o]] for t, o in zip(li.total, li.opp)])
        if len(li.opp)
        else np.zeros(0)
    )
    li_won = won[li.opp] if len(li.opp) else np.zeros(0, bool)
    new_share = float(
        li_usd[li_won & np.isin(li.product, new_products)].sum()
        / max(li_usd[li_won].sum(), 1)
    )
    calls = act.calls
    out_calls = ~calls.inbound
    disp = act.calls.table.data["disposition"]
    connected = np.isin(disp, [0, 5]) & out_calls
    msgs = act.messages
    unk = {
        "telephony_calls": float(calls.unknown.mean()),
        "email_messages": float(msgs.unknown.mean()),
        "telephony_sms": float(act.sms.unknown.mean()),
    }
    n_all = calls.table.n + msgs.table.n + act.sms.table.n
    overall = (calls.unknown.sum() + msgs.unknown.sum() + act.sms.unknown.sum()) / max(
        n_all, 1
    )
    leads = crm.leads
    return {
        "reps": int(np.isin(org.role, [0, 1]).sum()),
        "users": int(org.n),
        "teams": int(org.n_teams),
        "win_rate": round(float(won.sum() / max(closed.sum(), 1)), 3),
        "open_opportunities_at_end": int((~closed).sum()),
        "stuck_open_opportunities_60d": int(
            ((~closed) & (ctx.E - opp.last_change > 60 * DAY)).sum()
        ),
        "bookings_usd": round(float(usd[won].sum()), 2),
        "bookings_share_new_products": round(new_share, 4),
        "lead_to_opportunity_rate": round(float((leads.opp >= 0).mean()), 4),
        "outbound_call_connect_rate": round(
            float(connected.sum() / max(out_calls.sum(), 1)), 4
        ),
        "unlinked_activity_share": round(float(overall), 4),
        "unlinked_by_table": {k: round(v, 4) for k, v in unk.items()},
    }
