"""Sales goals: monthly rep goals, quarterly team goals, quarterly and yearly company
goals, sized from what each rep actually delivers so that most reps land at 70-120%.

SDRs get ``sourced_opportunities`` goals: opportunities converted from the SDR's
leads (SDRs own leads, not opportunities)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import config as C
from .org import FAR_FUTURE, owner_at
from .people import cat_col, id_col
from .table import Col, Table, obj_array
from .timeutil import DAY, HOUR, Ctx, epoch_seconds, month_serial

ROLE_SDR = C.ROLES.index("sdr")
ROLE_AE = C.ROLES.index("ae")


def _month_start(serial: int) -> dt.date:
    return dt.date(1970 + serial // 12, serial % 12 + 1, 1)


def _days(d: dt.date) -> int:
    return epoch_seconds(d) // DAY


def build_goals(ctx: Ctx, org, crm, act) -> Table:
    rng = ctx.rng("goals")
    opp = crm.opp
    m0 = int(month_serial(np.array([ctx.S]))[0])
    m1 = int(month_serial(np.array([ctx.E - 1]))[0])  # month of the end date
    q_first = m0 - m0 % 3
    q_last = m1 - m1 % 3
    months = np.arange(m0, m1 + 1)
    nm = len(months)

    def per_user_month(user, t, weight=None):
        out = np.zeros((org.n, nm))
        ms = month_serial(t) - m0
        ok = (ms >= 0) & (ms < nm) & (user >= 0)
        np.add.at(out, (user[ok], ms[ok]), 1.0 if weight is None else weight[ok])
        return out

    usd = np.array([opp.amount[i] / C.FX_PER_USD[opp.ccy[i]] for i in range(opp.n)])
    won = opp.is_won.astype(bool)
    actual = {
        "bookings": per_user_month(opp.owner[won], opp.close_t[won], usd[won]),
        "new_opportunities": per_user_month(opp.owner, opp.created),
        "calls": per_user_month(
            act.calls.user[~act.calls.inbound], act.calls.t[~act.calls.inbound]
        ),
        "meetings": per_user_month(
            act.meetings.owner[act.meetings.status == 1],
            act.meetings.start[act.meetings.status == 1],
        ),
    }
    leads = crm.leads
    from_lead = opp.lead >= 0
    sdr_owner = owner_at(
        org, leads.owner0[opp.lead[from_lead]], leads.conv_t[opp.lead[from_lead]]
    )
    actual["sourced_opportunities"] = per_user_month(sdr_owner, opp.created[from_lead])

    # company-wide monthly profile of each metric (calendar month), smoothed
    def profile(mat):
        tot = mat.sum(0)
        mo = months % 12
        prof = np.ones(12)
        for k in range(12):
            sel = tot[mo == k]
            if len(sel) and tot.mean() > 0:
                prof[k] = sel.mean() / tot.mean()
        return 0.5 + 0.5 * prof

    goals = []  # (scope, scope_id, metric, period_start, period_end, target)

    hired_m = month_serial(org.hired) - m0
    term_m = np.where(
        org.term < FAR_FUTURE,
        month_serial(np.minimum(org.term, ctx.E * 4)) - m0,
        nm + 100,
    )
    # targets: a rep's monthly run rate, over an attainment the rep will (about) reach
    plans = [
        (ROLE_AE, "bookings", "bookings", 1000.0),
        (ROLE_AE, "new_opportunities", "new_opportunities", 1.0),
        (ROLE_SDR, "sourced_opportunities", "sourced_opportunities", 1.0),
        (ROLE_SDR, "calls", "calls", 10.0),
        (ROLE_SDR, "meetings", "meetings", 1.0),
    ]
    user_targets = {}
    for role, metric, source, rounding in plans:
        mat = actual[source]
        prof = profile(mat)[months % 12]
        for u in np.nonzero(org.role == role)[0]:
            active = (np.arange(nm) >= max(hired_m[u], 0)) & (
                np.arange(nm) <= term_m[u]
            )
            if not active.any():
                continue
            tenure = np.arange(nm) - hired_m[u]
            ramp = np.clip((tenure + 1) / 3.0, 0.3, 1.0)
            steady = active & (ramp >= 1.0) & (np.arange(nm) < nm - 1)
            base_rows = steady if steady.sum() >= 3 else active
            rate = (mat[u, base_rows] / prof[base_rows]).mean()
            if rate <= 0:
                rate = mat[org.role == role].mean() or rounding
            attain = float(np.clip(rng.normal(0.95, 0.13), 0.7, 1.25))
            target = rate / attain * prof * ramp
            target = np.maximum(np.round(target / rounding) * rounding, rounding)
            for k in np.nonzero(active)[0]:
                ms = int(months[k])
                goals.append(
                    (
                        "user",
                        f"usr_{u + 1:04d}",
                        metric,
                        _month_start(ms),
                        _month_start(ms + 1) - dt.timedelta(days=1),
                        float(target[k]),
                    )
                )
                user_targets[(u, metric, ms)] = float(target[k])

    # teams per quarter (AE bookings and AE opportunities), company per quarter and year
    quarters = list(range(q_first, q_last + 1, 3))
    company_q = {}
    for t in range(org.n_teams):
        members = np.nonzero((org.team == t) & (org.role == ROLE_AE))[0]
        for metric, rounding in (("bookings", 5000.0), ("new_opportunities", 1.0)):
            for q in quarters:
                tot = sum(
                    user_targets.get((int(u), metric, q + k), 0.0)
                    for u in members
                    for k in range(3)
                )
                if tot <= 0:
                    continue
                # a quarter running past the history is planned for all of its months
                covered = sum(
                    1
                    for k in range(3)
                    if any((int(u), metric, q + k) in user_targets for u in members)
                )
                tot = tot / covered * 3
                target = max(
                    rounding, round(tot * rng.uniform(1.0, 1.06) / rounding) * rounding
                )
                goals.append(
                    (
                        "team",
                        f"team_{t + 1:02d}",
                        metric,
                        _month_start(q),
                        _month_start(q + 3) - dt.timedelta(days=1),
                        target,
                    )
                )
                if metric == "bookings":
                    company_q[q] = company_q.get(q, 0.0) + target
    for q in quarters:
        if q in company_q:
            goals.append(
                (
                    "company",
                    "company",
                    "bookings",
                    _month_start(q),
                    _month_start(q + 3) - dt.timedelta(days=1),
                    round(company_q[q] * rng.uniform(1.0, 1.04) / 10000) * 10000,
                )
            )
    years = sorted({_month_start(q).year for q in quarters})
    for y in years:
        tot = sum(v for q, v in company_q.items() if _month_start(q).year == y)
        # quarters outside the history are planned from the average quarter
        covered = [q for q in company_q if _month_start(q).year == y]
        if len(covered) < 4 and covered:
            tot = tot / len(covered) * 4
        if tot > 0:
            goals.append(
                (
                    "company",
                    "company",
                    "bookings",
                    dt.date(y, 1, 1),
                    dt.date(y, 12, 31),
                    round(tot * rng.uniform(1.0, 1.03) / 10000) * 10000,
                )
            )

    n = len(goals)
    scope = np.array([C.GOAL_SCOPES.index(g[0]) for g in goals])
    scope_ids = sorted({g[1] for g in goals})
    scope_id = np.searchsorted(
        np.array(scope_ids, dtype=object), np.array([g[1] for g in goals], dtype=object)
    )
    metric = np.array([C.GOAL_METRICS.index(g[2]) for g in goals])
    p_start = np.array([_days(g[3]) for g in goals])
    p_end = np.array([_days(g[4]) for g in goals])
    target = np.array([g[5] for g in goals])
    # issued a few days before the period starts (the current period too)
    issued = (
        p_start * DAY - rng.integers(3, 21, n) * DAY + rng.integers(8, 18, n) * HOUR
    )
    issued = np.minimum(issued, ctx.E - 1 - rng.integers(0, 5, n) * DAY)
    order = np.lexsort((scope_id, metric, scope, p_start))
    data = {
        "goal_id": np.arange(1, n + 1),
        "scope": scope[order],
        "scope_id": scope_id[order],
        "metric": metric[order],
        "period_start": p_start[order],
        "period_end": p_end[order],
        "target_value": target[order],
        "currency": np.where(metric[order] == 0, 0, -1),
        "updated_at": issued[order],
    }
    specs = {
        "goal_id": id_col("goal"),
        "scope": cat_col(C.GOAL_SCOPES),
        "scope_id": Col("cat", values=obj_array(scope_ids)),
        "metric": cat_col(C.GOAL_METRICS),
        "period_start": Col("date"),
        "period_end": Col("date"),
        "target_value": Col("dec"),
        "currency": cat_col(["USD"]),
        "updated_at": Col("ts"),
    }
    table = Table("sales_goals", specs, data)

    # revisions: a second version issued mid-period with another target
    pr = ctx.pyrng("goal_revisions")
    mid = data["period_start"] * DAY + (
        (data["period_end"] - data["period_start"])
        * DAY
        * np.array([pr.uniform(0.25, 0.6) for _ in range(n)])
    ).astype(np.int64)
    cand = np.nonzero((mid < ctx.E - DAY) & (mid > data["updated_at"] + DAY))[0]
    k = min(len(cand), int(round(C.GOAL_REVISION_RATE * n)))
    revised = (
        np.sort(rng.choice(cand, k, replace=False)) if k else np.zeros(0, np.int64)
    )
    rev = table.take(revised)
    factor = rng.uniform(0.8, 1.2, k)
    factor = np.where(np.abs(factor - 1) < 0.03, 1.1, factor)
    rounding = np.where(rev.data["metric"] == 0, 1000.0, 1.0)
    rev.data["target_value"] = np.maximum(
        np.round(rev.data["target_value"] * factor / rounding) * rounding, rounding
    )
    same = rev.data["target_value"] == table.data["target_value"][revised]
    rev.data["target_value"] = np.where(
        same, rev.data["target_value"] + rounding, rev.data["target_value"]
    )
    rev.data["updated_at"] = mid[revised] + rng.integers(0, 8 * HOUR, k)
    table.append_rows(rev)
    table.revised_keys = data["goal_id"][revised]
    return table
