"""The loader (``_loaded_at``) and the injected real-world problems of SPEC §2 rules 1-7.
Rates are the constants of :mod:`sales_warehouse.generator.config`.

Order of injection: orphans -> missing FX (CHF, already in the data) -> load disorder
-> soft deletes -> duplicate versions -> re-deliveries -> messy values -> bad rows.
Rows touched by one problem are not picked by a later one, so every manifest example
shows exactly one problem.
"""

from __future__ import annotations

import numpy as np

from . import config as C
from .people import orphan_base
from .table import LOADED_AT, NULL_TS, Col, Table, format_ts, obj_array
from .timeutil import DAY, HOUR, MINUTE, Ctx, round_up

EVENT_COLUMN = {
    "crm_lead_status_history": "changed_at",
    "crm_opportunity_stage_history": "changed_at",
    "email_messages": "sent_at",
    "email_events": "occurred_at",
    "telephony_calls": "ended_at",
    "telephony_sms": "sent_at",
    "web_sessions": "started_at",
    "nps_responses": "responded_at",
}
# (batch step seconds, min jitter, max jitter); None step = daily batch at an hour
LOAD_PROFILE = {
    "crm": (HOUR, 60, 900),
    "email": (15 * MINUTE, 10, 300),
    "telephony": (5 * MINUTE, 5, 120),
}
DAILY_LOAD_HOUR = {"web_sessions": 1, "nps_responses": 1}
N_SLOTS = 8
TABLE_SLOT = {
    "crm_users": 0,
    "crm_teams": 0,
    "crm_products": 0,
    "crm_accounts": 1,
    "crm_contacts": 2,
    "crm_leads": 2,
    "crm_lead_status_history": 3,
    "crm_opportunities": 4,
    "crm_opportunity_stage_history": 5,
    "crm_opportunity_line_items": 6,
    "crm_meetings": 7,
    "sales_goals": 7,
    "email_messages": 0,
    "email_events": 4,
    "telephony_calls": 0,
    "telephony_sms": 4,
}
CREATED_COLUMN = {
    "crm_accounts": "created_at",
    "crm_contacts": "created_at",
    "crm_leads": "created_at",
    "crm_opportunities": "created_at",
    "crm_meetings": "created_at",
    "crm_users": "hired_at",
}
EXAMPLES_PER_KIND = 10


def loaded_at_for(ctx: Ctx, rng, table: str, event: np.ndarray) -> np.ndarray:
    """When the loader delivers rows whose source changed at ``event``."""
    ev = np.maximum(event, ctx.S)  # the loader's first full sync is at the start
    n = len(ev)
    if table in DAILY_LOAD_HOUR:
        return (
            (ev // DAY + 1) * DAY
            + DAILY_LOAD_HOUR[table] * HOUR
            + rng.integers(0, 30 * MINUTE, n)
        )
    kind = (
        "email"
        if table.startswith("email")
        else ("telephony" if table.startswith("telephony") else "crm")
    )
    step, lo, hi = LOAD_PROFILE[kind]
    # each sync run loads its tables one after the other, in a fixed order
    slot = TABLE_SLOT.get(table, 0)
    width = (hi - lo) // N_SLOTS
    lo = lo + slot * width
    return round_up(ev + 1, step) + rng.integers(lo, lo + width, n)


def final_sync(ctx: Ctx) -> int:
    """The loader's last run: nothing is loaded after it (late rows are capped here)."""
    return ctx.E + 2 * HOUR


def delay_loaded(ctx: Ctx, rng, loaded: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Rows delivered late by lo..hi seconds, but no later than the final sync."""
    late = loaded + rng.integers(lo, hi, len(loaded))
    cap = final_sync(ctx) - rng.integers(0, 30 * MINUTE, len(loaded))
    return np.maximum(loaded, np.minimum(late, cap))


def event_column(table: Table) -> str:
    return "updated_at" if table.versioned else EVENT_COLUMN[table.name]


def add_loaded_at(ctx: Ctx, table: Table) -> None:
    rng = ctx.rng(f"loaded:{table.name}")
    table.specs[LOADED_AT] = Col("ts")
    table.data[LOADED_AT] = loaded_at_for(
        ctx, rng, table.name, table.data[event_column(table)]
    )


# ======================================================================================
class Injector:
    def __init__(self, ctx: Ctx, tables: dict[str, Table]):
        self.ctx = ctx
        self.tables = tables
        self.rng = ctx.rng("problems")
        self.touched = {name: np.zeros(t.n, dtype=bool) for name, t in tables.items()}
        self.next_key = {
            name: int(t.data[t.key].max()) + 1 if t.n else 1
            for name, t in tables.items()
        }
        self.out = {
            "duplicate_versions": [],
            "redelivered": [],
            "soft_deleted": [],
            "bad_rows": [],
            "messy_categoricals": [],
            "messy_contact_info": [],
            "orphans": [],
            "missing_fx": [],
            "counts": {},
        }

    # -------------------------------------------------------------------- bookkeeping
    def count(self, table: str, what: str, k: int) -> None:
        c = self.out["counts"].setdefault(table, {})
        c[what] = c.get(what, 0) + int(k)

    def append(self, name: str, rows: Table, touched: bool = True) -> np.ndarray:
        t = self.tables[name]
        start = t.n
        t.append_rows(rows)
        self.touched[name] = np.concatenate(
            [self.touched[name], np.full(rows.n, touched, dtype=bool)]
        )
        return np.arange(start, t.n)

    def fresh_keys(self, name: str, k: int) -> np.ndarray:
        start = self.next_key[name]
        self.next_key[name] = start + k
        return np.arange(start, start + k)

    def pick(self, eligible: np.ndarray, k: int) -> np.ndarray:
        cand = np.nonzero(eligible)[0]
        k = min(k, len(cand))
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        return np.sort(self.rng.choice(cand, k, replace=False))

    def key_str(self, name: str, rows) -> list:
        return self.tables[name].key_strings(rows)

    # ====================================================================== 5 orphans
    def orphans(self) -> None:
        rng = self.rng
        user_base = orphan_base("user")
        for name in ("telephony_calls", "telephony_sms", "email_messages"):
            t = self.tables[name]
            rows = np.nonzero(rng.random(t.n) < C.ORPHAN_USER_ACTIVITY_RATE)[0]
            t.data["user_id"][rows] = user_base + 1 + rng.integers(0, 5, len(rows))
            self.touched[name][rows] = True
            self._orphan_examples(name, rows, "user_id")
        t = self.tables["crm_opportunities"]
        k = max(C.ORPHAN_MIN_ROWS, int(round(C.ORPHAN_ACCOUNT_OPPORTUNITY_RATE * t.n)))
        ccy_chf = self._codes(t, "currency", "CHF")
        rows = self.pick(~self.touched["crm_opportunities"] & ~ccy_chf, k)
        t.data["account_id"][rows] = orphan_base("account") + 1 + np.arange(len(rows))
        self.touched["crm_opportunities"][rows] = True
        self._orphan_examples("crm_opportunities", rows, "account_id")
        t = self.tables["crm_meetings"]
        for col, entity in (
            ("contact_id", "contact"),
            ("lead_id", "lead"),
            ("opportunity_id", "opportunity"),
        ):
            k = max(C.ORPHAN_MIN_ROWS, int(round(C.ORPHAN_MEETING_REF_RATE * t.n)))
            has = t.data[col] >= 0
            rows = self.pick(
                (has if has.sum() >= k else np.ones(t.n, bool))
                & ~self.touched["crm_meetings"],
                k,
            )
            t.data[col][rows] = orphan_base(entity) + 1 + np.arange(len(rows))
            self.touched["crm_meetings"][rows] = True
            self._orphan_examples("crm_meetings", rows, col)
        for name, col, entity, rate in (
            (
                "crm_opportunity_stage_history",
                "opportunity_id",
                "opportunity",
                C.ORPHAN_HISTORY_RATE,
            ),
            ("email_events", "message_id", "message", C.ORPHAN_EVENT_RATE),
        ):
            t = self.tables[name]
            k = max(C.ORPHAN_MIN_ROWS, int(round(rate * t.n)))
            src = self.pick(~self.touched[name], k)
            rows = t.take(src)
            rows.data[t.key] = self.fresh_keys(name, len(src))
            rows.data[col] = orphan_base(entity) + 1 + np.arange(len(src))
            rows.data[LOADED_AT] = rows.data[LOADED_AT] + rng.integers(
                1, HOUR, len(src)
            )
            new = self.append(name, rows)
            self._orphan_examples(name, new, col, added=True)

    def _orphan_examples(self, name, rows, col, added=False):
        t = self.tables[name]
        self.count(name, f"orphan_{col}", len(rows))
        ex = rows[:EXAMPLES_PER_KIND]
        keys = t.key_strings(ex)
        vals = t.value_strings(col, ex)
        for k, v in zip(keys, vals):
            self.out["orphans"].append(
                {
                    "table": name,
                    "key": k,
                    "column": col,
                    "missing_id": v,
                    "added_row": added,
                }
            )

    def _codes(self, t: Table, col: str, value: str) -> np.ndarray:
        vals = t.specs[col].values.tolist()
        if value not in vals:
            return np.zeros(t.n, dtype=bool)
        return t.data[col] == vals.index(value)

    # ====================================================================== 4 missing FX
    def missing_fx(self) -> None:
        for name in (
            "crm_opportunities",
            "crm_opportunity_stage_history",
            "crm_opportunity_line_items",
        ):
            t = self.tables[name]
            rows = np.nonzero(self._codes(t, "currency", "CHF"))[0]
            self.touched[name][rows] = True
            self.count(name, "missing_fx_rows", len(rows))
            for k in t.key_strings(rows):
                self.out["missing_fx"].append(
                    {"table": name, "key": k, "currency": "CHF"}
                )

    # ====================================================================== 6 disorder
    def load_disorder(self) -> None:
        rng = self.rng
        msgs, evts = self.tables["email_messages"], self.tables["email_events"]
        n_m = msgs.n
        has_events = np.zeros(n_m + 2, dtype=bool)
        ev_msg = evts.data["message_id"]
        ok = (ev_msg >= 1) & (ev_msg <= n_m)
        has_events[ev_msg[ok]] = True
        # message ids are 1..n in row order at this point
        late_msg = has_events[msgs.data["message_id"]] & (
            rng.random(n_m) < C.EVENT_BEFORE_MESSAGE_MESSAGE_RATE
        )
        msgs.data[LOADED_AT][late_msg] = delay_loaded(
            self.ctx, rng, msgs.data[LOADED_AT][late_msg], 12 * HOUR, 72 * HOUR
        )
        self.count("email_messages", "loaded_late_rows", late_msg.sum())
        late_ev = rng.random(evts.n) < C.LATE_EVENT_RATE
        evts.data[LOADED_AT][late_ev] = delay_loaded(
            self.ctx, rng, evts.data[LOADED_AT][late_ev], 2 * DAY, 10 * DAY
        )
        self.count("email_events", "loaded_days_late_rows", late_ev.sum())
        calls = self.tables["telephony_calls"]
        late_c = rng.random(calls.n) < C.LATE_CALL_RATE
        calls.data[LOADED_AT][late_c] = delay_loaded(
            self.ctx, rng, calls.data[LOADED_AT][late_c], DAY, 5 * DAY
        )
        self.count("telephony_calls", "loaded_days_late_rows", late_c.sum())
        msg_loaded = np.full(n_m + 2, np.iinfo(np.int64).max)
        msg_loaded[msgs.data["message_id"]] = msgs.data[LOADED_AT]
        before = ok & (evts.data[LOADED_AT] < msg_loaded[np.where(ok, ev_msg, 0)])
        self.out["events_before_message_share"] = round(float(before.mean()), 4)
        self.out["events_days_late_share"] = round(float(late_ev.mean()), 4)

    # ====================================================================== 2 soft deletes
    def soft_deletes(self) -> None:
        rng, E = self.rng, self.ctx.E
        opp_accounts = set(self.tables["crm_opportunities"].data["account_id"].tolist())
        deleted_opps = set()
        for name in (
            "crm_accounts",
            "crm_contacts",
            "crm_leads",
            "crm_opportunities",
            "crm_opportunity_line_items",
        ):
            t = self.tables[name]
            upd = t.data["updated_at"]
            elig = ~self.touched[name] & (upd < E - 2 * HOUR)
            if name == "crm_accounts":
                elig &= ~np.isin(t.data["account_id"], list(opp_accounts))
            if name == "crm_leads":
                elig &= t.data["converted_opportunity_id"] < 0
            if name == "crm_opportunity_line_items":
                elig &= ~np.isin(t.data["opportunity_id"], list(deleted_opps))
            k = max(1, int(round(C.SOFT_DELETE_RATE * t.n)))
            rows = self.pick(elig, k)
            if name == "crm_opportunities":
                deleted_opps = set(t.data["opportunity_id"][rows].tolist())
            new = t.take(rows)
            room = np.minimum(60 * DAY, E - 1 - upd[rows])
            new.data["updated_at"] = (
                upd[rows]
                + HOUR
                + (rng.random(len(rows)) * np.maximum(room - HOUR, 1)).astype(np.int64)
            )
            new.data["is_deleted"] = np.ones(len(rows), dtype=bool)
            new.data[LOADED_AT] = loaded_at_for(
                self.ctx, rng, name, new.data["updated_at"]
            )
            self.touched[name][rows] = True
            self.append(name, new)
            self.count(name, "soft_deleted_records", len(rows))
            for key in t.key_strings(rows):
                self.out["soft_deleted"].append({"table": name, "key": key})

    # ====================================================================== 1 versions
    def versions(self, exclude: dict[str, np.ndarray]) -> None:
        rng, S = self.rng, self.ctx.S
        for name, t in list(self.tables.items()):
            if not t.versioned:
                continue
            n0 = t.n
            upd = t.data["updated_at"]
            lower = np.full(n0, S, dtype=np.int64)
            if name in CREATED_COLUMN:
                lower = np.maximum(lower, t.data[CREATED_COLUMN[name]])
            elig = ~self.touched[name] & (upd - lower > 3 * HOUR)
            if name in exclude:
                elig &= ~np.isin(t.data[t.key], exclude[name])
            k = max(1, int(round(C.DUPLICATE_VERSION_RATE * n0)))
            rows = self.pick(elig, k)
            third = rng.random(len(rows)) < C.THIRD_VERSION_SHARE
            olds, winning, versions = [], upd[rows], np.ones(len(rows), dtype=np.int64)
            cur = upd[rows].copy()
            for level in range(2):
                m = np.ones(len(rows), bool) if level == 0 else third
                m &= cur - lower[rows] > 3 * HOUR
                if not m.any():
                    continue
                sel = rows[m]
                room = np.minimum(30 * DAY, cur[m] - lower[sel] - HOUR)
                new_upd = (
                    cur[m]
                    - HOUR
                    - (rng.random(len(sel)) * np.maximum(room - HOUR, 1)).astype(
                        np.int64
                    )
                )
                old = t.take(sel)
                old.data["updated_at"] = new_upd
                self._mutate(name, old, rng)
                old.data[LOADED_AT] = np.minimum(
                    loaded_at_for(self.ctx, rng, name, new_upd),
                    t.data[LOADED_AT][sel] - 1,
                )
                olds.append(old)
                cur[m] = new_upd
                versions[m] += 1
            self.touched[name][rows] = True
            for old in olds:
                self.append(name, old)
                self.count(name, "older_version_rows", old.n)
            self.count(name, "records_with_older_versions", len(rows))
            keys = t.key_strings(rows)
            for key, v, w in zip(keys, versions.tolist(), winning.tolist()):
                if v > 1:
                    self.out["duplicate_versions"].append(
                        {
                            "table": name,
                            "key": key,
                            "versions": v,
                            "winning_updated_at": format_ts(w),
                        }
                    )
            # exact re-deliveries: same row again, loaded later
            k2 = max(1, int(round(C.EXACT_REDELIVERY_RATE_VERSIONED * n0)))
            self._redeliver(name, self.pick(~self.touched[name][:n0] & elig, k2))

    def redeliveries(self) -> None:
        for name, t in list(self.tables.items()):
            if t.versioned:
                continue
            m = self.rng.random(t.n) < C.REDELIVERY_RATE_UNVERSIONED
            self._redeliver(name, np.nonzero(m & ~self.touched[name])[0])

    def _redeliver(self, name: str, rows: np.ndarray) -> None:
        t = self.tables[name]
        again = t.take(rows)
        again.data[LOADED_AT] = delay_loaded(
            self.ctx, self.rng, again.data[LOADED_AT], HOUR, 3 * DAY
        )
        self.touched[name][rows] = True
        self.append(name, again)
        self.count(name, "redelivered_rows", len(rows))
        for key in t.key_strings(rows[:EXAMPLES_PER_KIND]):
            self.out["redelivered"].append({"table": name, "key": key, "rows": 2})

    def _mutate(self, name: str, old: Table, rng) -> None:
        """Older versions differ from the winning one in a field or two."""
        n = old.n
        d = old.data
        if name == "crm_users":
            tz = old.specs["time_zone"].values
            d["time_zone"] = (
                d["time_zone"] + 1 + rng.integers(0, len(tz) - 1, n)
            ) % len(tz)
        elif name == "crm_teams":
            d["team_name"] = Injector._extend(
                old.specs["team_name"],
                d["team_name"],
                np.zeros(n, dtype=np.int64),
                lambda v, _: f"{v} (old)",
            )
        elif name == "crm_accounts":
            d["employee_count"] = np.maximum(
                1, (d["employee_count"] * rng.uniform(0.6, 0.95, n)).astype(np.int64)
            )
        elif name == "crm_contacts":
            nt = len(old.specs["title"].values)
            d["title"] = (d["title"] + 1 + rng.integers(0, nt - 1, n)) % nt
        elif name == "crm_leads":
            d["status"] = np.where(d["status"] > 0, rng.integers(0, 2, n), 1)
            d["lead_score"] = np.clip(d["lead_score"] - rng.integers(5, 25, n), 0, 100)
            d["converted_account_id"][:] = -1
            d["converted_contact_id"][:] = -1
            d["converted_opportunity_id"][:] = -1
            d["disqualified_reason"][:] = -1
        elif name == "crm_opportunities":
            d["amount"] = np.round(d["amount"] * rng.uniform(0.7, 1.3, n), -2)
            d["amount"] = np.where(d["amount"] <= 0, 100.0, d["amount"])
            stage = rng.integers(0, 4, n)
            d["stage_name"] = stage
            d["probability"] = np.asarray(C.STAGE_PROBABILITY)[stage]
            d["forecast_category"] = np.array(
                [C.FORECAST_CATEGORIES.index(C.STAGE_FORECAST[s]) for s in stage],
                dtype=np.int64,
            )
            d["is_closed"] = np.zeros(n, bool)
            d["is_won"] = np.zeros(n, bool)
            d["loss_reason"] = np.full(n, -1)
            d["competitor_name"] = np.full(n, -1)
        elif name == "crm_products":
            d["list_price"] = np.round(d["list_price"] * 0.92, 2)
        elif name == "crm_opportunity_line_items":
            d["quantity"] = d["quantity"] + rng.integers(1, 5, n)
            d["total_price"] = np.round(
                d["quantity"] * d["unit_price"] * (1 - d["discount_pct"]), 2
            )
        elif name == "crm_meetings":
            d["status"] = np.zeros(n, dtype=np.int64)  # still 'scheduled' back then
        elif name == "sales_goals":
            d["target_value"] = np.maximum(
                1.0, np.round(d["target_value"] * rng.uniform(0.85, 1.15, n))
            )

    # ====================================================================== 3 messy values
    def messy_values(self) -> None:
        rng = self.rng
        for name, col in C.MESSY_COLUMNS:
            t = self.tables[name]
            spec, codes = t.specs[col], t.data[col]
            vocab_n = len(spec.values)
            rows = np.nonzero(
                (codes >= 0) & (rng.random(t.n) < C.MESSY_CATEGORICAL_RATE)
            )[0]
            variant = rng.integers(0, 6, len(rows))
            new_codes = self._extend(spec, codes[rows], variant, _messy_text)
            codes[rows] = new_codes
            self.count(name, f"messy_{col}", len(rows))
            for r in rows[:3]:
                raw = spec.values[codes[r]]
                self.out["messy_categoricals"].append(
                    _example(name, col, raw, raw.strip().lower(), "case_or_whitespace")
                )
            oov = C.OUT_OF_VOCABULARY.get((name, col))
            if oov:
                clean = (codes >= 0) & (codes < vocab_n)
                if name == "telephony_calls":  # keep answered_at <=> connected
                    clean &= t.data["answered_at"] == NULL_TS
                m = np.nonzero(clean & (rng.random(t.n) < C.OUT_OF_VOCABULARY_RATE))[0]
                if len(m) == 0:
                    m = self.pick(clean & ~self.touched[name][: t.n], 1)
                vals = list(spec.values) + list(oov)
                base = len(spec.values)
                spec.values = obj_array(vals)
                codes[m] = base + rng.integers(0, len(oov), len(m))
                self.count(name, f"out_of_vocabulary_{col}", len(m))
                for r in m[:EXAMPLES_PER_KIND]:
                    raw = spec.values[codes[r]]
                    # free-text lead sources stay as they are (trimmed, lower case); only
                    # their channel falls back to 'other'
                    expected = raw.strip().lower() if col == "lead_source" else "other"
                    item = _example(name, col, raw, expected, "out_of_vocabulary")
                    item["key"] = t.key_strings([r])[0]
                    self.out["messy_categoricals"].append(item)
        for name, col, kind in C.MESSY_CONTACT_COLUMNS:
            t = self.tables[name]
            spec, codes = t.specs[col], t.data[col]
            rows = np.nonzero(
                (codes >= 0) & (rng.random(t.n) < C.MESSY_CONTACT_INFO_RATE)
            )[0]
            variant = rng.integers(0, 4, len(rows))
            fn = _messy_email if kind == "email" else _messy_phone
            codes[rows] = self._extend(spec, codes[rows], variant, fn)
            self.count(name, f"messy_{col}", len(rows))
            for r in rows[:3]:
                self.out["messy_contact_info"].append(
                    {
                        "table": name,
                        "column": col,
                        "raw_value": spec.values[codes[r]],
                        "kind": kind,
                    }
                )

    @staticmethod
    def _extend(spec, codes, variant, fn):
        if len(codes) == 0:
            return codes
        combo = codes.astype(np.int64) * 8 + variant
        uniq, inv = np.unique(combo, return_inverse=True)
        vals = spec.values
        texts = [fn(vals[c // 8], int(c % 8)) for c in uniq.tolist()]
        base = len(vals)
        spec.values = np.concatenate([vals, obj_array(texts)])
        return base + inv

    # ====================================================================== 7 bad rows
    RULES = [
        ("telephony_calls", "unparseable_timestamp", "started_at"),
        ("crm_leads", "unparseable_timestamp", "created_at"),
        ("email_events", "unparseable_timestamp", "occurred_at"),
        ("crm_opportunities", "negative_amount", "amount"),
        ("crm_opportunity_stage_history", "negative_amount", "amount"),
        ("crm_opportunity_line_items", "negative_amount", "total_price"),
        ("telephony_calls", "end_before_start", "ended_at"),
        ("crm_meetings", "end_before_start", "scheduled_end"),
        ("nps_responses", "out_of_range", "score"),
        ("crm_leads", "out_of_range", "lead_score"),
    ]

    def bad_rows(self, clean_counts: dict[str, int]) -> None:
        rng = self.rng
        rules = [
            (name, "null_key", t.key) for name, t in self.tables.items()
        ] + self.RULES
        for name, rule, col in rules:
            t = self.tables[name]
            k = max(C.BAD_ROW_MIN, int(round(C.BAD_ROW_RATE * clean_counts[name])))
            untouched = np.nonzero(~self.touched[name] & (t.data[t.key] >= 0))[0]
            if len(untouched) == 0:  # tiny tables: copy any keyed row
                untouched = np.nonzero(t.data[t.key] >= 0)[0]
            src = np.sort(rng.choice(untouched, k, replace=len(untouched) < k))
            rows = t.take(src)
            k = rows.n
            if rule == "null_key":
                rows.data[t.key] = np.full(k, -1)
            else:
                rows.data[t.key] = self.fresh_keys(name, k)
            d = rows.data
            if rule == "unparseable_timestamp":
                texts = [
                    C.UNPARSEABLE_TIMESTAMPS[i % len(C.UNPARSEABLE_TIMESTAMPS)]
                    for i in range(k)
                ]
                d[f"{col}#text"] = obj_array(texts)
            elif rule == "negative_amount":
                d[col] = -np.abs(np.nan_to_num(d[col], nan=100.0)) - 1.0
            elif rule == "end_before_start":
                start = "started_at" if name == "telephony_calls" else "scheduled_start"
                d[col] = d[start] - rng.integers(60, HOUR, k)
            elif rule == "out_of_range":
                d[col] = (
                    np.where(np.arange(k) % 2 == 0, 11, -1)
                    if col == "score"
                    else np.full(k, 150)
                )
            d[LOADED_AT] = d[LOADED_AT] + 1 + np.arange(k) * 7 + rng.integers(0, 5, k)
            new = self.append(name, rows)
            self.count(name, f"bad_{rule}", k)
            keys = t.key_strings(new)
            for key, la in zip(keys, t.data[LOADED_AT][new].tolist()):
                self.out["bad_rows"].append(
                    {
                        "table": name,
                        "rule": rule,
                        "column": col,
                        "key": key,
                        "loaded_at": int(la),
                    }
                )


# --------------------------------------------------------------------------------------
_CHANNEL_OF = {k.lower(): v for k, v in C.LEAD_SOURCE_CHANNEL.items()}


def _example(table: str, column: str, raw: str, expected: str, kind: str) -> dict:
    item = {
        "table": table,
        "column": column,
        "raw_value": raw,
        "expected_normalised": expected,
        "kind": kind,
    }
    if column == "lead_source":
        item["expected_channel"] = _CHANNEL_OF.get(raw.strip().lower(), "other")
    return item


def _messy_text(v: str, variant: int) -> str:
    options = [
        v.upper(),
        v.title(),
        f" {v} ",
        f"{v}  ",
        f" {v.upper()} ",
        v[:1].upper() + v[1:].lower() if v[:1].islower() else v.lower(),
    ]
    out = options[variant % len(options)]
    if out == v:
        out = f" {v} "
    return out


def _messy_email(v: str, variant: int) -> str:
    local, _, dom = v.partition("@")
    if variant == 0:
        return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + dom
    if variant == 1:
        return v.upper()
    if variant == 2:
        return f" {v} "
    return local + "@" + dom.upper()


COUNTRY_DIAL_CODES = ["1", "44", "49", "33", "31", "61", "65", "81", "55", "52"]


def _messy_phone(v: str, variant: int) -> str:
    digits = v.lstrip("+")
    cc = next(
        (
            c
            for c in sorted(COUNTRY_DIAL_CODES, key=len, reverse=True)
            if digits.startswith(c)
        ),
        digits[:1],
    )
    rest = digits[len(cc) :]
    groups = [rest[:3], rest[3:6], rest[6:]]
    groups = [g for g in groups if g]
    if variant == 0:
        return f"+{cc} " + " ".join(groups)
    if variant == 1:
        return f"+{cc}-" + "-".join(groups)
    if variant == 2:
        return f"00{cc} {rest}"
    return f"+{cc} ({groups[0]}) " + "".join(groups[1:])
