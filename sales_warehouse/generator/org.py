"""Sales organisation: teams, users (reps, managers, VPs, sales ops) and products."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np

from . import config as C
from .people import (
    cat_col,
    full_names,
    id_col,
    person_names,
    phone_numbers,
    unique_emails,
)
from .table import NULL_TS, Col, Table, obj_array
from .timeutil import DAY, HOUR, Ctx, epoch_seconds

FAR_FUTURE = np.int64(2**62)


def allocate(n: int, weights: list[float]) -> list[int]:
    """Largest-remainder allocation of n items, at least one per bucket if n allows."""
    w = np.asarray(weights, float) / sum(weights)
    raw = w * n
    base = np.floor(raw).astype(int)
    if n >= len(w):
        base = np.maximum(base, 1)
    while base.sum() > n:
        base[np.argmax(base)] -= 1
    rem = raw - base
    while base.sum() < n:
        i = int(np.argmax(rem))
        base[i] += 1
        rem[i] = -1
    return base.tolist()


def build_org(ctx: Ctx) -> SimpleNamespace:
    rng = ctx.rng("org")
    pr = ctx.pyrng("org")
    S, E = ctx.S, ctx.E
    n_teams = max(2, int(round(C.TEAMS_PER_SCALE * ctx.scale)))
    per_region = allocate(n_teams, C.REGION_TEAM_WEIGHTS)

    team_region, team_name, team_tz = [], [], []
    for r, k in enumerate(per_region):
        zones = C.REP_TIME_ZONES[C.REGIONS[r]]
        for j in range(k):
            label = C.TEAM_NAMES[j % len(C.TEAM_NAMES)]
            if j >= len(C.TEAM_NAMES):
                label += f" {j // len(C.TEAM_NAMES) + 1}"
            team_region.append(r)
            team_name.append(f"{C.REGION_LABELS[C.REGIONS[r]]} {label}")
            team_tz.append(zones[j % len(zones)])
    n_teams = len(team_region)

    users: list[dict] = []

    def add(role, team, region, tz, manager, hired, term=None):
        users.append(
            dict(
                role=role,
                team=team,
                region=region,
                tz=tz,
                manager=manager,
                hired=int(hired),
                term=term,
                repl=-1,
            )
        )
        return len(users) - 1

    def hire_before_start(years_back_min=0.1, years_back_max=5.0):
        back = pr.uniform(years_back_min, years_back_max) * 365.25 * DAY
        day = int((S - back) // DAY)
        return day * DAY + pr.randint(13, 16) * HOUR

    vps = {}
    for r in sorted(set(team_region)):
        vps[r] = add(
            "manager",
            -1,
            r,
            C.REP_TIME_ZONES[C.REGIONS[r]][0],
            -1,
            hire_before_start(2.0, 6.0),
        )
    n_ops = max(1, int(round(ctx.scale)))
    for _ in range(n_ops):
        add("other", -1, 0, "America/New_York", -1, hire_before_start(0.5, 4.0))

    for t in range(n_teams):
        r = team_region[t]
        zones = C.REP_TIME_ZONES[C.REGIONS[r]]
        mgr = add(
            "manager",
            t,
            r,
            team_tz[t],
            vps[r] if pr.random() < 0.8 else -1,
            hire_before_start(1.0, 5.0),
        )
        n_ae = 4 if pr.random() < 0.45 else 3
        for role, k in (("sdr", 3), ("ae", n_ae)):
            for _ in range(k):
                tz = team_tz[t] if pr.random() < 0.7 else pr.choice(zones)
                add(role, t, r, tz, mgr, hire_before_start(0.15, 4.5))

    reps = [i for i, u in enumerate(users) if u["role"] in ("sdr", "ae")]
    n_leave = max(2, int(round(0.06 * len(reps))))
    leavers = sorted(pr.sample(reps, n_leave))
    span = E - S
    for i in leavers:
        u = users[i]
        term_day = int((S + pr.uniform(0.15, 0.8) * span) // DAY)
        u["term"] = term_day * DAY + pr.randint(16, 19) * HOUR
        hired = (term_day + pr.randint(-10, 40)) * DAY + 14 * HOUR
        zones = C.REP_TIME_ZONES[C.REGIONS[u["region"]]]
        j = add(
            u["role"], u["team"], u["region"], pr.choice(zones), u["manager"], hired
        )
        u["repl"] = j
    # growth hires
    for t in range(n_teams):
        if pr.random() < 0.35:
            r = team_region[t]
            mgr = next(
                i
                for i, u in enumerate(users)
                if u["team"] == t and u["role"] == "manager"
            )
            hired = (int((S + pr.uniform(0.1, 0.85) * span) // DAY)) * DAY + 14 * HOUR
            add(pr.choice(["sdr", "ae"]), t, r, team_tz[t], mgr, hired)

    n = len(users)
    role = np.array([C.ROLES.index(u["role"]) for u in users])
    team = np.array([u["team"] for u in users])
    region = np.array([u["region"] for u in users])
    tz_name = [u["tz"] for u in users]
    tz = np.array([ctx.tz.index[z] for z in tz_name])
    hired = np.array([u["hired"] for u in users], dtype=np.int64)
    term = np.array(
        [FAR_FUTURE if u["term"] is None else u["term"] for u in users], dtype=np.int64
    )
    repl = np.array([u["repl"] for u in users])
    manager = np.array([u["manager"] for u in users])

    act = np.clip(np.exp(0.28 * rng.standard_normal(n)), 0.55, 1.75)
    connect = np.clip(np.exp(0.22 * rng.standard_normal(n)), 0.6, 1.5)
    win = np.clip(np.exp(0.25 * rng.standard_normal(n) + 0.1 * np.log(act)), 0.55, 1.6)

    first, last = person_names(rng, n)
    names = full_names(first, last)
    emails = unique_emails(first, last, [C.OUR_EMAIL_DOMAIN] * n)
    country = np.array(
        [
            [i for i, row in enumerate(C.COUNTRIES) if row[1] == C.REGIONS[r]][0]
            for r in region
        ]
    )
    phones = phone_numbers(rng, country, 5_000_000 + np.arange(n))

    # updated_at: the later of hire / leave, or a profile edit inside the history
    upd = np.maximum(hired, np.where(term < FAR_FUTURE, term, hired))
    upd = upd + rng.integers(0, 5 * DAY, n)
    edit = rng.random(n) < 0.5
    upd = np.where(
        edit, np.maximum(upd, S + (rng.random(n) * (E - S)).astype(np.int64)), upd
    )
    upd = np.minimum(upd, E - 1)

    org = SimpleNamespace(
        n=n,
        role=role,
        team=team,
        region=region,
        tz=tz,
        tz_name=tz_name,
        hired=hired,
        term=term,
        repl=repl,
        manager=manager,
        act=act,
        connect=connect,
        win=win,
        names=names,
        emails=emails,
        phones=phones,
        n_teams=n_teams,
        team_region=np.array(team_region),
        team_name=team_name,
        updated=upd,
        ops=np.nonzero(role == C.ROLES.index("other"))[0],
    )
    org.team_manager = np.array(
        [
            next(
                i
                for i, u in enumerate(users)
                if u["team"] == t and u["role"] == "manager"
            )
            for t in range(n_teams)
        ]
    )
    org.users_table = _users_table(org)
    org.teams_table = _teams_table(ctx, org, rng)
    org.products, org.products_table = _products(ctx, rng)
    return org


def _users_table(org) -> Table:
    n = org.n
    specs = {
        "user_id": id_col("user"),
        "full_name": Col("cat", values=org.names),
        "email": Col("cat", values=org.emails),
        "role": cat_col(C.ROLES),
        "team_id": id_col("team"),
        "manager_user_id": id_col("user"),
        "time_zone": cat_col(sorted(set(org.tz_name))),
        "hired_at": Col("ts"),
        "terminated_at": Col("ts"),
        "updated_at": Col("ts"),
    }
    tz_codes = {z: i for i, z in enumerate(specs["time_zone"].values.tolist())}
    data = {
        "user_id": np.arange(1, n + 1),
        "full_name": np.arange(n),
        "email": np.arange(n),
        "role": org.role.astype(np.int64),
        "team_id": np.where(org.team >= 0, org.team + 1, -1),
        "manager_user_id": np.where(org.manager >= 0, org.manager + 1, -1),
        "time_zone": np.array([tz_codes[z] for z in org.tz_name]),
        "hired_at": org.hired,
        "terminated_at": np.where(org.term < FAR_FUTURE, org.term, NULL_TS),
        "updated_at": org.updated,
    }
    return Table("crm_users", specs, data)


def _teams_table(ctx, org, rng) -> Table:
    n = org.n_teams
    created = ctx.S - rng.integers(30, 900, n) * DAY
    specs = {
        "team_id": id_col("team"),
        "team_name": Col("cat", values=obj_array(org.team_name)),
        "region": cat_col(C.REGIONS),
        "updated_at": Col("ts"),
    }
    data = {
        "team_id": np.arange(1, n + 1),
        "team_name": np.arange(n),
        "region": org.team_region.astype(np.int64),
        "updated_at": created + rng.integers(9, 17, n) * HOUR,
    }
    return Table("crm_teams", specs, data)


def _products(ctx, rng):
    n = len(C.PRODUCTS)
    launched = np.array(
        [epoch_seconds(dt.date.fromisoformat(p[2])) for p in C.PRODUCTS]
    )
    listed = np.array([p[3] for p in C.PRODUCTS])
    # catalogue entry written some time before launch, or a price review later
    upd = np.where(
        launched >= ctx.S,
        launched - rng.integers(10, 40, n) * DAY,
        np.maximum(launched, ctx.S - 400 * DAY) + rng.integers(0, 300, n) * DAY,
    )
    upd = np.minimum(upd + rng.integers(8, 18, n) * HOUR, ctx.E - 1)
    families = sorted({p[1] for p in C.PRODUCTS})
    specs = {
        "product_id": id_col("product"),
        "product_name": cat_col([p[0] for p in C.PRODUCTS]),
        "product_family": cat_col(families),
        "launched_at": Col("date"),
        "list_price": Col("dec"),
        "currency": cat_col(["USD"]),
        "updated_at": Col("ts"),
    }
    data = {
        "product_id": np.arange(1, n + 1),
        "product_name": np.arange(n),
        "product_family": np.array([families.index(p[1]) for p in C.PRODUCTS]),
        "launched_at": launched // DAY,
        "list_price": listed.astype(float),
        "currency": np.zeros(n, dtype=np.int64),
        "updated_at": upd,
    }
    products = SimpleNamespace(
        n=n,
        launched=launched,
        price=listed,
        family=[p[1] for p in C.PRODUCTS],
        name=[p[0] for p in C.PRODUCTS],
        seg_weight=np.array([p[4] for p in C.PRODUCTS]),
    )
    return products, Table("crm_products", specs, data)


# --------------------------------------------------------------------------------------
# Ownership helpers
# --------------------------------------------------------------------------------------
def pick_users(
    rng: np.random.Generator,
    org,
    role: str,
    group_kind: str,
    ent_group: np.ndarray,
    ent_time: np.ndarray,
) -> np.ndarray:
    """For each entity a user of ``role`` in its group (region or team), employed at
    ``ent_time``, weighted by activity. Falls back to anyone of the role in the group."""
    role_code = C.ROLES.index(role)
    groups = org.region if group_kind == "region" else org.team
    out = np.full(len(ent_group), -1, dtype=np.int64)
    for g in np.unique(ent_group):
        m = np.nonzero(ent_group == g)[0]
        cand = np.nonzero((org.role == role_code) & (groups == g))[0]
        if len(cand) == 0:
            cand = np.nonzero(org.role == role_code)[0]
        t = ent_time[m]
        elig = (org.hired[cand][None, :] <= t[:, None]) & (
            t[:, None] < org.term[cand][None, :]
        )
        w = elig * org.act[cand][None, :]
        none = w.sum(1) == 0
        if none.any():
            w[none] = org.act[cand][None, :]
        cum = np.cumsum(w, axis=1)
        u = rng.random(len(m)) * cum[:, -1]
        pick = (cum < u[:, None]).sum(1)
        out[m] = cand[np.minimum(pick, len(cand) - 1)]
    return out


def owner_at(org, user: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The user, or the replacement of a user who had left by time t."""
    u = np.asarray(user).copy()
    t = np.broadcast_to(t, u.shape)
    for _ in range(4):
        ok = u >= 0
        uu = np.where(ok, u, 0)
        m = ok & (t >= org.term[uu]) & (org.repl[uu] >= 0)
        if not m.any():
            break
        u[m] = org.repl[u[m]]
    return u


def owner_at_scalar(org, user: int, t: int) -> int:
    for _ in range(4):
        if user < 0 or t < org.term[user] or org.repl[user] < 0:
            return user
        user = int(org.repl[user])
    return user
