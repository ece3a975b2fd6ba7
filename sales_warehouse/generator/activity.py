"""Activities and events, fully vectorised: calls, SMS, e-mails and their tracking events,
meetings, web sessions and NPS responses.

Activities address phone numbers and e-mail addresses, not CRM ids: they go to contacts
(prospecting into accounts, deal work on open opportunities, customer check-ins), to
leads (sequences; calls to leads that later convert, whose number becomes the contact's)
and, at ``UNKNOWN_COUNTERPART_RATE``, to numbers and addresses the CRM does not know.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from . import config as C
from .org import owner_at
from .people import (
    FIRST_SLUG,
    LAST_SLUG,
    cat_col,
    country_weights_for_regions,
    id_col,
    person_names,
    phone_numbers,
)
from .table import NULL_TS, Col, Table, obj_array
from .timeutil import (
    DAY,
    HOUR,
    MINUTE,
    Ctx,
    business_day_weights,
    lognormal_seconds,
    sample_days,
    season_factor,
    shift_weekend,
    snap_to_work,
    weekday,
    work_seconds,
)

ROLE_SDR = C.ROLES.index("sdr")
ROLE_AE = C.ROLES.index("ae")
DISP = {d: i for i, d in enumerate(C.CALL_DISPOSITIONS)}
EVT = {e: i for i, e in enumerate(C.EMAIL_EVENT_TYPES)}


# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------
class Book:
    """Phone numbers and e-mail addresses: CRM people, reps, then unknown counterparts."""

    def __init__(self, ctx: Ctx, rng, org, crm):
        people = crm.people
        self.n_people = people.n
        self.n_users = org.n
        n_unk_p = ctx.scaled(C.UNKNOWN_PHONE_POOL_PER_SCALE, 200)
        n_unk_e = ctx.scaled(C.UNKNOWN_EMAIL_POOL_PER_SCALE, 200)
        region_w = np.bincount(org.team_region, minlength=len(C.REGIONS)).astype(float)
        cw = country_weights_for_regions(region_w / region_w.sum())
        unk_country = rng.choice(len(C.COUNTRIES), n_unk_p, p=cw)
        unk_phone = phone_numbers(rng, unk_country, 2_000_000 + np.arange(n_unk_p))
        f, last = person_names(rng, n_unk_e)
        doms = rng.integers(0, len(C.UNKNOWN_EMAIL_DOMAINS), n_unk_e)
        unk_email = obj_array(
            f"{FIRST_SLUG[a]}.{LAST_SLUG[b]}{k + 100}@{C.UNKNOWN_EMAIL_DOMAINS[d]}"
            for k, (a, b, d) in enumerate(zip(f.tolist(), last.tolist(), doms.tolist()))
        )
        self.phones = np.concatenate([people.phone, org.phones, unk_phone])
        self.emails = np.concatenate([people.email, org.emails, unk_email])
        self.n_unk_p, self.n_unk_e = n_unk_p, n_unk_e

    def rep(self, u):
        return self.n_people + np.asarray(u)

    def unknown_phone(self, rng, n):
        return self.n_people + self.n_users + rng.integers(0, self.n_unk_p, n)

    def unknown_email(self, rng, n):
        return self.n_people + self.n_users + rng.integers(0, self.n_unk_e, n)


class ContactSampler:
    """Random contact of a region that exists at a given time."""

    def __init__(self, con):
        self.by_region = {}
        for r in np.unique(con.region):
            members = np.nonzero(con.region == r)[0]
            order = members[np.argsort(con.created[members], kind="stable")]
            self.by_region[int(r)] = (order, con.created[order])

    def sample(self, rng, region, t):
        out = np.full(len(t), -1, dtype=np.int64)
        for r, (order, created) in self.by_region.items():
            m = np.nonzero(region == r)[0]
            if len(m) == 0:
                continue
            k = np.searchsorted(created, t[m], side="right")
            # prefer recently created contacts a little (fresh prospects get worked)
            u = rng.random(len(m)) ** 0.8
            pick = np.minimum(
                (u * np.maximum(k, 1)).astype(np.int64), np.maximum(k - 1, 0)
            )
            ok = k > 0
            out[m[ok]] = order[pick[ok]]
        return out


class OpenOppIndex:
    """Whether an account has an open opportunity at a time (prospecting avoids those)."""

    OFFSET = 10_000_000_000

    def __init__(self, opp):
        order = np.lexsort((opp.created, opp.acc))
        self.acc = opp.acc[order]
        self.keys = self.acc * self.OFFSET + opp.created[order]
        end = self.acc * self.OFFSET + opp.end_t[order]
        self.end = (
            np.maximum.accumulate(end) - self.acc * self.OFFSET if len(end) else end
        )

    def covered(self, acc, t):
        if len(self.keys) == 0:
            return np.zeros(len(acc), dtype=bool)
        idx = np.searchsorted(self.keys, acc * self.OFFSET + t, side="right") - 1
        ok = idx >= 0
        i = np.maximum(idx, 0)
        return ok & (self.acc[i] == acc) & (self.end[i] >= t)


def prospect_contacts(rng, sampler, open_index, con, region, t, tries=2):
    """Contacts for prospecting: avoid accounts that already have an open deal."""
    c = sampler.sample(rng, region, t)
    for _ in range(tries):
        busy = (c >= 0) & open_index.covered(con.acc[np.maximum(c, 0)], t)
        if not busy.any():
            break
        c[busy] = sampler.sample(rng, region[busy], t[busy])
    return c


def account_contact(rng, acc, accounts):
    """A random contact of each account (-1 if it has none)."""
    cnt = acc.contact_count[accounts]
    start = acc.contact_start[accounts]
    pick = (rng.random(len(accounts)) * np.maximum(cnt, 1)).astype(np.int64)
    return np.where(
        cnt > 0,
        acc.contact_sorted[np.minimum(start + pick, len(acc.contact_sorted) - 1)],
        -1,
    )


def capacity_events(ctx: Ctx, rng, org, kind: str):
    """(user, utc time) of activities driven by each rep's daily capacity."""
    rates = C.DAILY_RATES[kind]
    rate_by_user = np.array([rates.get(C.ROLES[r], 0.0) for r in org.role])
    users = np.nonzero(rate_by_user > 0)[0]
    days = np.arange(ctx.day0 - 1, ctx.day1 + 1)
    season = season_factor(ctx, days) * np.asarray(C.WEEKDAY_ACTIVITY)[weekday(days)]
    hired_day = org.hired[users] // DAY
    term_day = np.minimum(org.term[users] // DAY, ctx.day1 + 10)
    since = days[None, :] - hired_day[:, None]
    employed = (since >= 0) & (days[None, :] < term_day[:, None])
    ramp = np.clip(0.45 + 0.55 * since / 90.0, 0.45, 1.0)
    lam = (
        (rate_by_user[users] * org.act[users])[:, None]
        * season[None, :]
        * ramp
        * employed
    )
    counts = rng.poisson(lam)
    uu = np.repeat(np.repeat(users, len(days)), counts.ravel())
    dd = np.repeat(np.tile(days, len(users)), counts.ravel())
    local = dd * DAY + work_seconds(rng, len(uu))
    t = ctx.tz.to_utc(local, org.tz[uu])
    keep = (t >= ctx.S) & (t < ctx.E)
    return uu[keep], t[keep]


def windows(rng, start, end, counts):
    """Uniform times in [start, end) for each window, ``counts`` per window."""
    idx = np.repeat(np.arange(len(start)), counts)
    t = start[idx] + (rng.random(len(idx)) * (end[idx] - start[idx])).astype(np.int64)
    return idx, t


def snap_slot(ctx, rng, utc, tz_idx):
    """A meeting slot (full or half hour) in working hours of the same local day."""
    local = ctx.tz.to_local(utc, tz_idx)
    days = shift_weekend(local // DAY)
    hours = 9 + rng.choice(
        8, len(utc), p=np.array([1, 1.2, 1.1, 0.5, 1.0, 1.2, 1.1, 0.8]) / 7.9
    )
    new_local = days * DAY + hours * HOUR + rng.integers(0, 2, len(utc)) * 30 * MINUTE
    return ctx.tz.to_utc(new_local, tz_idx)


def _cat(values):
    return cat_col(values)


def _concat(parts, key):
    return np.concatenate([p[key] for p in parts])


# --------------------------------------------------------------------------------------
def build_activities(ctx: Ctx, org, crm) -> SimpleNamespace:
    rng = ctx.rng("activity")
    book = Book(ctx, rng, org, crm)
    sampler = ContactSampler(crm.con)
    sampler.open = OpenOppIndex(crm.opp)
    calls, booked = _calls(ctx, ctx.rng("calls"), org, crm, book, sampler)
    meetings = _meetings(ctx, ctx.rng("meetings"), org, crm, sampler, booked)
    messages, events = _emails(ctx, ctx.rng("emails"), org, crm, book, sampler)
    sms = _sms(ctx, ctx.rng("sms"), org, crm, book, sampler)
    web = _web_sessions(ctx, ctx.rng("web"), crm)
    nps = _nps(ctx, ctx.rng("nps"), crm)
    out = SimpleNamespace(book=book)
    out.tables = {
        "telephony_calls": calls.table,
        "crm_meetings": meetings.table,
        "email_messages": messages.table,
        "email_events": events,
        "telephony_sms": sms.table,
        "web_sessions": web,
        "nps_responses": nps,
    }
    out.calls, out.meetings, out.messages, out.sms = calls, meetings, messages, sms
    return out


# ======================================================================================
# Calls
# ======================================================================================
def _calls(ctx, rng, org, crm, book, sampler):
    con, leads, opp, acc = crm.con, crm.leads, crm.opp, crm.acc
    parts = []

    # 1. prospecting (capacity driven) to contacts of the rep's region
    u, t = capacity_events(ctx, rng, org, "prospect_calls")
    c = prospect_contacts(rng, sampler, sampler.open, con, org.region[u], t)
    unknown = (rng.random(len(u)) < C.UNKNOWN_COUNTERPART_RATE * 1.25) | (c < 0)
    cc = np.maximum(c, 0)
    parts.append(
        dict(
            user=u,
            t=t,
            inbound=np.zeros(len(u), bool),
            phone=np.where(unknown, book.unknown_phone(rng, len(u)), con.person[cc]),
            ptz=np.where(unknown, org.tz[u], con.tz[cc]),
            contact=np.where(unknown, -1, c),
            lead=np.full(len(u), -1),
            account=np.where(unknown, -1, con.acc[cc]),
            opp=np.full(len(u), -1),
            factor=np.where(unknown, 0.6, 1.0),
            unknown=unknown,
            booked_p=np.where(org.role[u] == ROLE_SDR, 0.11, 0.05),
        )
    )

    # 2. calls to leads that will convert (their number becomes the contact's number)
    cl = np.nonzero(leads.conv_t < ctx.E)[0]
    n = 2 + rng.poisson(4.0 * org.act[leads.owner0[cl]])
    idx, t = windows(rng, leads.created[cl], leads.conv_t[cl], n)
    li = cl[idx]
    u = owner_at(org, leads.owner0[li], t)
    t = snap_to_work(ctx, rng, t, org.tz[u])
    keep = (t >= ctx.S) & (t < ctx.E) & (t >= leads.created[li])
    li, u, t = li[keep], u[keep], t[keep]
    pre_acc = np.where(leads.acc[li] < crm.acc.n_pre, leads.acc[li], -1)
    parts.append(
        dict(
            user=u,
            t=t,
            inbound=np.zeros(len(u), bool),
            phone=li,
            ptz=leads.tz[li],
            contact=np.full(len(u), -1),
            lead=li,
            account=pre_acc,
            opp=np.full(len(u), -1),
            factor=np.full(len(u), 1.7),
            unknown=np.zeros(len(u), bool),
            booked_p=np.full(len(u), 0.12),
        )
    )

    # 3. deal work: calls to contacts of the account while the opportunity is open
    dur = (opp.end_t - opp.created) / DAY
    n = np.minimum(rng.poisson(np.maximum(dur, 0) / 15.0 * org.act[opp.owner0]), 40)
    idx, t = windows(rng, opp.created, opp.end_t, n)
    u = owner_at(org, opp.owner0[idx], t)
    t = snap_to_work(ctx, rng, t, org.tz[u])
    c = account_contact(rng, acc, opp.acc[idx])
    keep = (t >= opp.created[idx]) & (t < opp.end_t[idx]) & (c >= 0) & (t < ctx.E)
    idx, u, t, c = idx[keep], u[keep], t[keep], c[keep]
    parts.append(
        dict(
            user=u,
            t=t,
            inbound=np.zeros(len(u), bool),
            phone=con.person[c],
            ptz=con.tz[c],
            contact=c,
            lead=np.full(len(u), -1),
            account=opp.acc[idx],
            opp=idx,
            factor=np.full(len(u), 1.9),
            unknown=np.zeros(len(u), bool),
            booked_p=np.full(len(u), 0.06),
        )
    )

    # 4. inbound calls
    u, t = capacity_events(ctx, rng, org, "inbound_calls")
    c = sampler.sample(rng, org.region[u], t)
    unknown = (rng.random(len(u)) < 0.10) | (c < 0)
    cc = np.maximum(c, 0)
    parts.append(
        dict(
            user=u,
            t=t,
            inbound=np.ones(len(u), bool),
            phone=np.where(unknown, book.unknown_phone(rng, len(u)), con.person[cc]),
            ptz=np.where(unknown, org.tz[u], con.tz[cc]),
            contact=np.where(unknown, -1, c),
            lead=np.full(len(u), -1),
            account=np.where(unknown, -1, con.acc[cc]),
            opp=np.full(len(u), -1),
            factor=np.ones(len(u)),
            unknown=unknown,
            booked_p=np.zeros(len(u)),
        )
    )

    d = {k: _concat(parts, k) for k in parts[0]}
    order = np.argsort(d["t"], kind="stable")
    d = {k: v[order] for k, v in d.items()}
    n = len(d["t"])
    u, t = d["user"], d["t"]

    local = ctx.tz.to_local(t, d["ptz"])
    hour = (local // HOUR) % 24
    wd = weekday(local // DAY)
    p = (
        C.CALL_BASE_CONNECT
        * org.connect[u]
        * np.asarray(C.CALL_HOUR_FACTOR)[hour]
        * np.asarray(C.CALL_WEEKDAY_FACTOR)[wd]
        * d["factor"]
    )
    p = np.where((wd == 0) & (hour < 11), p * C.CALL_MONDAY_MORNING_FACTOR, p)
    p = np.where((wd == 4) & (hour >= 13), p * C.CALL_FRIDAY_AFTERNOON_FACTOR, p)
    p = np.where(
        d["inbound"], 0.72 * np.clip(org.connect[u], 0.8, 1.2), np.minimum(p, 0.85)
    )
    connected = rng.random(n) < p
    booked = connected & ~d["inbound"] & (rng.random(n) < d["booked_p"])
    r = rng.random(n)
    miss_known = np.select(
        [r < 0.55, r < 0.91, r < 0.97],
        [DISP["no_answer"], DISP["voicemail"], DISP["busy"]],
        DISP["wrong_number"],
    )
    miss_unknown = np.select(
        [r < 0.45, r < 0.70, r < 0.80],
        [DISP["no_answer"], DISP["voicemail"], DISP["busy"]],
        DISP["wrong_number"],
    )
    miss_in = np.where(r < 0.6, DISP["no_answer"], DISP["voicemail"])
    miss = np.where(
        d["inbound"], miss_in, np.where(d["unknown"], miss_unknown, miss_known)
    )
    disp = np.where(
        booked, DISP["meeting_booked"], np.where(connected, DISP["connected"], miss)
    )
    ring = rng.integers(5, 26, n)
    talk = np.where(
        booked,
        lognormal_seconds(rng, n, 480, 0.6, 120, 3600),
        lognormal_seconds(rng, n, 170, 0.95, 15, 5400),
    )
    miss_dur = np.select(
        [disp == DISP["no_answer"], disp == DISP["voicemail"], disp == DISP["busy"]],
        [rng.integers(20, 46, n), rng.integers(35, 100, n), rng.integers(2, 9, n)],
        rng.integers(8, 41, n),
    )
    answered = connected
    duration = np.where(answered, talk, miss_dur)
    answered_at = np.where(answered, t + ring, NULL_TS)
    ended = np.where(answered, t + ring + talk, t + miss_dur)

    direction = d["inbound"].astype(np.int64)
    rep_phone = book.rep(u)
    from_num = np.where(d["inbound"], d["phone"], rep_phone)
    to_num = np.where(d["inbound"], rep_phone, d["phone"])
    specs = {
        "call_id": id_col("call"),
        "user_id": id_col("user"),
        "direction": _cat(C.DIRECTIONS),
        "from_number": Col("cat", values=book.phones),
        "to_number": Col("cat", values=book.phones),
        "started_at": Col("tstext"),
        "answered_at": Col("ts"),
        "ended_at": Col("ts"),
        "duration_seconds": Col("int"),
        "disposition": _cat(C.CALL_DISPOSITIONS),
    }
    data = {
        "call_id": np.arange(1, n + 1),
        "user_id": u + 1,
        "direction": direction,
        "from_number": from_num,
        "to_number": to_num,
        "started_at": t,
        "answered_at": answered_at,
        "ended_at": ended,
        "duration_seconds": duration.astype(np.int64),
        "disposition": disp,
    }
    table = Table("telephony_calls", specs, data)
    info = SimpleNamespace(
        table=table,
        user=u,
        t=t,
        inbound=d["inbound"],
        unknown=d["unknown"],
        contact=d["contact"],
        lead=d["lead"],
    )
    bk = np.nonzero(booked)[0]
    booked_info = dict(
        user=u[bk],
        created=ended[bk],
        contact=d["contact"][bk],
        lead=d["lead"][bk],
        account=d["account"][bk],
        opp=d["opp"][bk],
    )
    return info, booked_info


# ======================================================================================
# Meetings
# ======================================================================================
def _meetings(ctx, rng, org, crm, sampler, booked):
    opp, acc, con = crm.opp, crm.acc, crm.con
    parts = []

    # 1. booked on a call: SDRs book discovery meetings, AEs demos on open deals
    u = booked["user"]
    created = booked["created"]
    start = snap_slot(ctx, rng, created + rng.integers(1, 10, len(u)) * DAY, org.tz[u])
    mtype = np.where(
        org.role[u] == ROLE_SDR, 0, np.where(rng.random(len(u)) < 0.6, 1, 3)
    )
    parts.append(
        dict(
            owner=u,
            created=created,
            start=start,
            contact=booked["contact"],
            lead=booked["lead"],
            account=booked["account"],
            opp=booked["opp"],
            mtype=mtype,
        )
    )

    # 2. meetings at stage changes of opportunities
    h = opp.hist
    stage_p = np.array([0.2, 0.3, 0.6, 0.6, 0.5, 0, 0])
    stage_type = np.array([0, 0, 0, 1, 2, 3, 3])
    m = h.entry.astype(bool) & (rng.random(len(h.opp)) < stage_p[h.stage])
    o = h.opp[m]
    t0 = h.t[m] + rng.integers(-1 * DAY, 5 * DAY, m.sum())
    mt = stage_type[h.stage[m]]
    # plus some general deal meetings
    dur = (opp.end_t - opp.created) / DAY
    k = np.minimum(rng.poisson(0.4 * np.maximum(dur, 0) / 30.0), 5)
    oi, t1 = windows(rng, opp.created, opp.end_t, k)
    o = np.concatenate([o, oi])
    t0 = np.concatenate([t0, t1])
    mt = np.concatenate([mt, np.full(len(oi), 3)])
    t0 = np.maximum(t0, opp.created[o] + HOUR)
    u = owner_at(org, opp.owner0[o], t0)
    start = snap_slot(ctx, rng, t0, org.tz[u])
    created = np.maximum(
        start - rng.integers(1, 9, len(o)) * DAY + rng.integers(0, DAY, len(o)),
        opp.created[o],
    )
    created = np.minimum(created, start - HOUR)
    c = account_contact(rng, acc, opp.acc[o])
    parts.append(
        dict(
            owner=u,
            created=created,
            start=start,
            contact=c,
            lead=np.full(len(o), -1),
            account=opp.acc[o],
            opp=o,
            mtype=mt,
        )
    )

    # 3. AE check-ins with contacts at accounts of their region
    u, t = capacity_events(ctx, rng, org, "checkin_meetings")
    c = sampler.sample(rng, org.region[u], t)
    ok = c >= 0
    u, t, c = u[ok], t[ok], c[ok]
    start = snap_slot(ctx, rng, t + rng.integers(2, 15, len(u)) * DAY, org.tz[u])
    parts.append(
        dict(
            owner=u,
            created=t,
            start=start,
            contact=c,
            lead=np.full(len(u), -1),
            account=con.acc[c],
            opp=np.full(len(u), -1),
            mtype=np.full(len(u), 3),
        )
    )

    d = {k: _concat(parts, k) for k in parts[0]}
    keep = (
        (d["created"] < ctx.E) & (d["created"] >= ctx.S) & (d["start"] > d["created"])
    )
    d = {k: v[keep] for k, v in d.items()}
    order = np.argsort(d["created"], kind="stable")
    d = {k: v[order] for k, v in d.items()}
    n = len(d["created"])
    length = rng.choice([30, 45, 60], n, p=[0.4, 0.2, 0.4]) * MINUTE
    start, created = d["start"], d["created"]
    end = start + length
    future = start >= ctx.E
    w = np.array(C.MEETING_OUTCOME_WEIGHTS)
    outcome = np.array([1, 2, 3, 4, 5])[rng.choice(5, n, p=w / w.sum())]
    status = np.where(future, 0, outcome)
    span = np.maximum(start - created, 1)
    upd = np.select(
        [status == 0, status == 1, status == 3, status == 4],
        [
            created
            + (rng.random(n) * np.minimum(span, ctx.E - created)).astype(np.int64),
            end + rng.integers(5 * MINUTE, 4 * HOUR, n),
            start + rng.integers(10 * MINUTE, HOUR, n),
            created + np.minimum(rng.integers(HOUR, 2 * DAY, n), span - 1),
        ],
        created + (rng.random(n) * span).astype(np.int64),
    )
    upd = np.clip(upd, created, ctx.E - 1)
    specs = {
        "meeting_id": id_col("meeting"),
        "owner_user_id": id_col("user"),
        "contact_id": id_col("contact"),
        "lead_id": id_col("lead"),
        "account_id": id_col("account"),
        "opportunity_id": id_col("opportunity"),
        "meeting_type": _cat(C.MEETING_TYPES),
        "scheduled_start": Col("ts"),
        "scheduled_end": Col("ts"),
        "status": _cat(C.MEETING_STATUSES),
        "created_at": Col("ts"),
        "updated_at": Col("ts"),
    }
    c, le, a, o = d["contact"], d["lead"], d["account"], d["opp"]
    data = {
        "meeting_id": np.arange(1, n + 1),
        "owner_user_id": d["owner"] + 1,
        "contact_id": np.where(c >= 0, crm.con.id[np.maximum(c, 0)], -1),
        "lead_id": np.where(le >= 0, crm.leads.id[np.maximum(le, 0)], -1),
        "account_id": np.where(a >= 0, crm.acc.id[np.maximum(a, 0)], -1),
        "opportunity_id": np.where(o >= 0, crm.opp.id[np.maximum(o, 0)], -1),
        "meeting_type": d["mtype"],
        "scheduled_start": start,
        "scheduled_end": end,
        "status": status,
        "created_at": created,
        "updated_at": upd,
    }
    table = Table("crm_meetings", specs, data)
    return SimpleNamespace(
        table=table, owner=d["owner"], start=start, status=status, created=created
    )


# ======================================================================================
# E-mails and tracking events
# ======================================================================================
def _emails(ctx, rng, org, crm, book, sampler):
    con, leads, opp, acc = crm.con, crm.leads, crm.opp, crm.acc
    parts = []
    n_seq_subj = len(C.EMAIL_SUBJECTS["sequence"])
    n_1to1_subj = len(C.EMAIL_SUBJECTS["one_to_one"])

    # 1. lead sequences: steps every 2-4 days until the lead leaves the working states
    enroll_p = np.array([C.SEQUENCE_ENROLL_P[c] for c in C.CHANNELS])[leads.ch]
    enrolled = np.nonzero(rng.random(leads.n) < enroll_p)[0]
    seq_choice = np.array(
        [
            C.CHANNEL_SEQUENCES[C.CHANNELS[c]][
                rng.integers(0, len(C.CHANNEL_SEQUENCES[C.CHANNELS[c]]))
            ]
            for c in leads.ch[enrolled]
        ],
        dtype=np.int64,
    )
    steps = np.asarray(C.SEQUENCE_STEPS)[seq_choice]
    lead_end = np.where(
        np.isin(leads.status[enrolled], [5, 6, 7]), leads.last_t[enrolled], ctx.E
    )
    idx = np.repeat(np.arange(len(enrolled)), steps)
    gaps = rng.uniform(2, 4, len(idx)) * DAY
    first = np.r_[True, idx[1:] != idx[:-1]]
    gaps[first] = rng.uniform(600, DAY, first.sum())
    cum = np.cumsum(gaps)
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(idx)), 0))
    offset = cum - cum[group_start] + gaps[group_start]
    t = leads.created[enrolled][idx] + offset.astype(np.int64)
    li = enrolled[idx]
    u = owner_at(org, leads.owner0[li], t)
    t = snap_to_work(ctx, rng, t, org.tz[u])
    keep = (t < lead_end[idx]) & (t >= leads.created[li]) & (t < ctx.E)
    li, u, t, idx = li[keep], u[keep], t[keep], idx[keep]
    n = len(li)
    parts.append(
        dict(
            user=u,
            t=t,
            to=li,
            unknown=np.zeros(n, bool),
            seq=seq_choice[idx],
            thread=idx.astype(np.int64),
            enroll=idx,
            subject=rng.integers(0, n_seq_subj, n),
            open_f=np.full(n, 0.95),
            reply_f=np.full(n, 0.9),
        )
    )
    thread_base = len(enrolled)

    # 2. SDR prospecting e-mails to contacts
    u, t = capacity_events(ctx, rng, org, "prospect_emails")
    c = prospect_contacts(rng, sampler, sampler.open, con, org.region[u], t)
    unknown = (rng.random(len(u)) < C.UNKNOWN_COUNTERPART_RATE) | (c < 0)
    n = len(u)
    seq = np.where(
        rng.random(n) < 0.7,
        np.asarray(C.PROSPECTING_SEQUENCES)[
            rng.integers(0, len(C.PROSPECTING_SEQUENCES), n)
        ],
        -1,
    )
    parts.append(
        dict(
            user=u,
            t=t,
            to=np.where(
                unknown, book.unknown_email(rng, n), con.person[np.maximum(c, 0)]
            ),
            unknown=unknown,
            seq=seq,
            thread=thread_base + np.arange(n),
            enroll=np.full(n, -1),
            subject=rng.integers(0, n_seq_subj, n),
            open_f=np.full(n, 0.8),
            reply_f=np.full(n, 0.45),
        )
    )
    thread_base += n

    # 3. deal e-mails while the opportunity is open (one thread per opportunity)
    dur = (opp.end_t - opp.created) / DAY
    k = np.minimum(rng.poisson(np.maximum(dur, 0) / 10.0 * org.act[opp.owner0]) + 1, 50)
    oi, t = windows(rng, opp.created, opp.end_t, k)
    u = owner_at(org, opp.owner0[oi], t)
    t = snap_to_work(ctx, rng, t, org.tz[u])
    c = account_contact(rng, acc, opp.acc[oi])
    keep = (t >= opp.created[oi]) & (t < opp.end_t[oi]) & (c >= 0) & (t < ctx.E)
    oi, u, t, c = oi[keep], u[keep], t[keep], c[keep]
    n = len(oi)
    parts.append(
        dict(
            user=u,
            t=t,
            to=con.person[c],
            unknown=np.zeros(n, bool),
            seq=np.full(n, -1),
            thread=thread_base + oi,
            enroll=np.full(n, -1),
            subject=n_seq_subj + rng.integers(0, n_1to1_subj, n),
            open_f=np.full(n, 1.35),
            reply_f=np.full(n, 2.6),
        )
    )
    thread_base += opp.n

    # 4. AE one-to-one e-mails
    u, t = capacity_events(ctx, rng, org, "one_to_one_emails")
    c = prospect_contacts(rng, sampler, sampler.open, con, org.region[u], t)
    unknown = (rng.random(len(u)) < C.UNKNOWN_COUNTERPART_RATE) | (c < 0)
    n = len(u)
    parts.append(
        dict(
            user=u,
            t=t,
            to=np.where(
                unknown, book.unknown_email(rng, n), con.person[np.maximum(c, 0)]
            ),
            unknown=unknown,
            seq=np.full(n, -1),
            thread=thread_base + np.arange(n),
            enroll=np.full(n, -1),
            subject=n_seq_subj + rng.integers(0, n_1to1_subj, n),
            open_f=np.full(n, 1.2),
            reply_f=np.full(n, 1.5),
        )
    )

    d = {k: _concat(parts, k) for k in parts[0]}
    n = len(d["t"])
    u, t = d["user"], d["t"]
    skill = np.clip(org.connect[u], 0.7, 1.3)
    r = rng.random((7, n))
    bounced = r[0] < np.where(d["unknown"], 0.25, 0.022)
    delivered = ~bounced & (r[1] < 0.985)
    opened = delivered & (r[2] < 0.47 * d["open_f"] * skill)
    clicked = opened & (r[3] < 0.18)
    replied = delivered & (r[4] < 0.052 * d["reply_f"] * skill)
    unsub = delivered & (d["seq"] >= 0) & (r[5] < 0.008)
    spam = delivered & (r[6] < 0.001)
    reply_t = t + lognormal_seconds(rng, n, 4 * HOUR, 1.1, 120, 10 * DAY)

    # sequences stop once the lead replies
    enr = d["enroll"]
    first_reply = np.full(thread_base + n + 1, np.iinfo(np.int64).max)
    has = (enr >= 0) & replied
    np.minimum.at(first_reply, enr[has], reply_t[has])
    stop = (enr >= 0) & (t > first_reply[np.maximum(enr, 0)])
    keep = ~stop
    d = {k: v[keep] for k, v in d.items()}
    bounced, delivered, opened, clicked, replied, unsub, spam, reply_t, skill = (
        a[keep]
        for a in (
            bounced,
            delivered,
            opened,
            clicked,
            replied,
            unsub,
            spam,
            reply_t,
            skill,
        )
    )
    n = len(d["t"])
    u, t = d["user"], d["t"]

    # inbound replies (about 70% of the tracked replies)
    rep_in = np.nonzero(replied & (rng.random(n) < 0.7) & (reply_t < ctx.E))[0]
    subjects = C.EMAIL_SUBJECTS["sequence"] + C.EMAIL_SUBJECTS["one_to_one"]
    subjects = subjects + [f"Re: {s}" for s in subjects]
    n_in = len(rep_in)
    msg_user = np.concatenate([u, u[rep_in]])
    msg_t = np.concatenate([t, reply_t[rep_in]])
    msg_dir = np.concatenate([np.zeros(n, np.int64), np.ones(n_in, np.int64)])
    counterpart = np.concatenate([d["to"], d["to"][rep_in]])
    rep_addr = book.rep(msg_user)
    from_addr = np.where(msg_dir == 1, counterpart, rep_addr)
    to_addr = np.where(msg_dir == 1, rep_addr, counterpart)
    msg_seq = np.concatenate([d["seq"], np.full(n_in, -1)])
    msg_thread = np.concatenate([d["thread"], d["thread"][rep_in]])
    msg_subject = np.concatenate(
        [d["subject"], d["subject"][rep_in] + len(subjects) // 2]
    )
    unknown_all = np.concatenate([d["unknown"], d["unknown"][rep_in]])

    msg_order = np.argsort(msg_t, kind="stable")
    rank = np.empty_like(msg_order)
    rank[msg_order] = np.arange(len(msg_order))
    msg_id = rank + 1  # ids in send order
    # thread ids in order of their first message
    uniq, inv = np.unique(msg_thread, return_inverse=True)
    first_t = np.full(len(uniq), np.iinfo(np.int64).max)
    np.minimum.at(first_t, inv, msg_t)
    thread_rank = np.empty(len(uniq), dtype=np.int64)
    thread_rank[np.argsort(first_t, kind="stable")] = np.arange(1, len(uniq) + 1)
    thread_id = thread_rank[inv]

    specs = {
        "message_id": id_col("message"),
        "thread_id": id_col("thread"),
        "user_id": id_col("user"),
        "direction": _cat(C.DIRECTIONS),
        "from_address": Col("cat", values=book.emails),
        "to_address": Col("cat", values=book.emails),
        "sequence_id": _cat(C.SEQUENCES),
        "subject": _cat(subjects),
        "sent_at": Col("ts"),
    }
    data = {
        "message_id": msg_id,
        "thread_id": thread_id,
        "user_id": msg_user + 1,
        "direction": msg_dir,
        "from_address": from_addr,
        "to_address": to_addr,
        "sequence_id": msg_seq,
        "subject": msg_subject,
        "sent_at": msg_t,
    }
    data = {k: v[msg_order] for k, v in data.items()}
    messages = Table("email_messages", specs, data)

    # events of the outbound messages
    out_id = msg_id[:n]
    ev_msg, ev_type, ev_t = [], [], []

    def add(mask, etype, times):
        ev_msg.append(out_id[mask])
        ev_type.append(np.full(mask.sum(), etype))
        ev_t.append(times[mask] if np.ndim(times) else np.full(mask.sum(), times))

    add(delivered, EVT["delivered"], t + rng.integers(1, 31, n))
    add(bounced, EVT["bounced"], t + rng.integers(1, 121, n))
    first_open = t + lognormal_seconds(rng, n, 2 * HOUR, 1.3, 20, 20 * DAY)
    add(opened, EVT["opened"], first_open)
    extra = np.where(opened, rng.geometric(0.5, n) - 1, 0)
    ei = np.repeat(np.arange(n), extra)
    ev_msg.append(out_id[ei])
    ev_type.append(np.full(len(ei), EVT["opened"]))
    ev_t.append(
        first_open[ei] + lognormal_seconds(rng, len(ei), 20 * HOUR, 1.3, 60, 30 * DAY)
    )
    add(clicked, EVT["clicked"], first_open + rng.integers(5, 601, n))
    add(replied, EVT["replied"], reply_t)
    add(
        unsub, EVT["unsubscribed"], np.maximum(first_open, t) + rng.integers(10, DAY, n)
    )
    add(
        spam,
        EVT["spam_report"],
        t + lognormal_seconds(rng, n, 6 * HOUR, 1.0, 60, 5 * DAY),
    )
    ev_msg = np.concatenate(ev_msg)
    ev_type = np.concatenate(ev_type)
    ev_t = np.concatenate(ev_t)
    keep = ev_t < ctx.E
    ev_msg, ev_type, ev_t = ev_msg[keep], ev_type[keep], ev_t[keep]
    order = np.argsort(ev_t, kind="stable")
    ev_msg, ev_type, ev_t = ev_msg[order], ev_type[order], ev_t[order]
    m = len(ev_t)
    especs = {
        "event_id": id_col("event"),
        "message_id": id_col("message"),
        "event_type": _cat(C.EMAIL_EVENT_TYPES),
        "occurred_at": Col("tstext"),
    }
    events = Table(
        "email_events",
        especs,
        {
            "event_id": np.arange(1, m + 1),
            "message_id": ev_msg,
            "event_type": ev_type,
            "occurred_at": ev_t,
        },
    )
    info = SimpleNamespace(table=messages, unknown=unknown_all[msg_order])
    return info, events


# ======================================================================================
# SMS
# ======================================================================================
def _sms(ctx, rng, org, crm, book, sampler):
    con = crm.con
    u, t = capacity_events(ctx, rng, org, "sms")
    c = prospect_contacts(rng, sampler, sampler.open, con, org.region[u], t)
    unknown = (rng.random(len(u)) < C.UNKNOWN_COUNTERPART_RATE) | (c < 0)
    n = len(u)
    phone = np.where(unknown, book.unknown_phone(rng, n), con.person[np.maximum(c, 0)])
    r = rng.random(n)
    status = np.where(
        unknown,
        np.select([r < 0.6, r < 0.7], [1, 0], 2),
        np.select([r < 0.90, r < 0.95], [1, 0], 2),
    )
    delivered = status == 1
    reply = delivered & (rng.random(n) < 0.17)
    fast = rng.random(n) < 0.7
    reply_t = np.where(
        fast,
        t + lognormal_seconds(rng, n, 25 * MINUTE, 1.1, 20, 23 * HOUR),
        t + (rng.uniform(1.05, 6.0, n) * DAY).astype(np.int64),
    )
    ri = np.nonzero(reply & (reply_t < ctx.E))[0]
    # some prospects text first
    k = int(0.03 * n)
    su = u[rng.integers(0, n, k)] if n else np.zeros(0, np.int64)
    st = ctx.S + (rng.random(k) * (ctx.E - ctx.S)).astype(np.int64)
    sc = sampler.sample(rng, org.region[su], st)
    sphone = np.where(
        sc >= 0, con.person[np.maximum(sc, 0)], book.unknown_phone(rng, k)
    )

    user = np.concatenate([u, u[ri], su])
    times = np.concatenate([t, reply_t[ri], st])
    inbound = np.concatenate([np.zeros(n, bool), np.ones(len(ri) + k, bool)])
    counterpart = np.concatenate([phone, phone[ri], sphone])
    stat = np.concatenate([status, np.full(len(ri) + k, 3)])
    unk = np.concatenate([unknown, unknown[ri], sc < 0])
    order = np.argsort(times, kind="stable")
    user, times, inbound, counterpart, stat, unk = (
        a[order] for a in (user, times, inbound, counterpart, stat, unk)
    )
    m = len(times)
    rep_phone = book.rep(user)
    specs = {
        "sms_id": id_col("sms"),
        "user_id": id_col("user"),
        "direction": _cat(C.DIRECTIONS),
        "from_number": Col("cat", values=book.phones),
        "to_number": Col("cat", values=book.phones),
        "sent_at": Col("ts"),
        "status": _cat(C.SMS_STATUSES),
    }
    data = {
        "sms_id": np.arange(1, m + 1),
        "user_id": user + 1,
        "direction": inbound.astype(np.int64),
        "from_number": np.where(inbound, counterpart, rep_phone),
        "to_number": np.where(inbound, rep_phone, counterpart),
        "sent_at": times,
        "status": stat,
    }
    table = Table("telephony_sms", specs, data)
    return SimpleNamespace(table=table, unknown=unk)


# ======================================================================================
# Web sessions
# ======================================================================================
UTM_SOURCES = [
    "google",
    "bing",
    "linkedin",
    "facebook",
    "newsletter",
    "partner_site",
    "hubspot",
    "g2",
]
UTM_MEDIUMS = ["cpc", "organic", "paid_social", "email", "referral"]
UTM_CAMPAIGNS = [
    "brand_search",
    "competitor_search",
    "ebook_pipeline",
    "webinar_series",
    "monthly_newsletter",
    "partner_launch",
    "retargeting",
    "trade_show_followup",
    "product_launch_gtx_cloud",
]
# lead source -> (utm_source, utm_medium, utm_campaign) of the converting session
SOURCE_UTM = {
    "Web": (-1, -1, -1),
    "Paid Search": (0, 0, 0),
    "Organic Search": (0, 1, -1),
    "Content Download": (2, 2, 2),
    "Webinar": (6, 3, 3),
    "Trade Show": (5, 4, 7),
    "Email Campaign": (4, 3, 4),
}
# generic traffic mix: (source, medium, campaign, weight)
TRAFFIC = [
    (-1, -1, -1, 0.34),
    (0, 1, -1, 0.28),
    (0, 0, 0, 0.09),
    (0, 0, 1, 0.04),
    (1, 0, 0, 0.02),
    (2, 2, 2, 0.06),
    (3, 2, 6, 0.04),
    (4, 3, 4, 0.06),
    (5, 4, 5, 0.03),
    (7, 4, -1, 0.02),
    (2, 2, 8, 0.02),
]


def _web_sessions(ctx, rng, crm):
    leads = crm.leads
    # visitors who became leads (inbound channel, some event leads)
    web_src = np.isin(
        np.asarray(C.LEAD_SOURCES)[leads.src],
        ["Web", "Paid Search", "Organic Search", "Content Download"],
    )
    evt = np.isin(
        np.asarray(C.LEAD_SOURCES)[leads.src], ["Webinar", "Email Campaign"]
    ) & (rng.random(leads.n) < 0.35)
    vl = np.nonzero(web_src | evt)[0]
    k_before = rng.poisson(1.3, len(vl))
    k_after = rng.poisson(1.0, len(vl))
    created = leads.created[vl]
    # converting session just before the lead was created
    conv_t = created - rng.integers(60, 25 * MINUTE, len(vl))
    bi = np.repeat(np.arange(len(vl)), k_before)
    b_t = created[bi] - (rng.uniform(0.5, 60, len(bi)) * DAY).astype(np.int64)
    ai = np.repeat(np.arange(len(vl)), k_after)
    a_t = created[ai] + (rng.uniform(0.1, 90, len(ai)) * DAY).astype(np.int64)
    lead_idx = np.concatenate([vl, vl[bi], vl[ai]])
    lt = np.concatenate([conv_t, b_t, a_t])
    is_conv = np.concatenate(
        [np.ones(len(vl), bool), np.zeros(len(bi) + len(ai), bool)]
    )
    visitor = np.concatenate([np.arange(len(vl)), bi, ai])

    # anonymous visitors
    n_anon = ctx.scaled(C.ANONYMOUS_SESSIONS_PER_SCALE, 200)
    n_vis = max(1, int(n_anon / 1.6))
    per = 1 + rng.poisson(0.6, n_vis)
    vi = np.repeat(np.arange(n_vis), per)[:n_anon]
    days = sample_days(
        rng,
        len(vi),
        ctx.day0,
        ctx.day1,
        business_day_weights(ctx, ctx.day0, ctx.day1, weekend=0.45),
    )
    hour_w = np.array(
        [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2], float
    )
    at = (
        days * DAY
        + rng.choice(24, len(vi), p=hour_w / hour_w.sum()) * HOUR
        + rng.integers(0, HOUR, len(vi))
    )

    t = np.concatenate([lt, at])
    lead_col = np.concatenate([leads.id[lead_idx], np.full(len(vi), -1)])
    anon_key = np.concatenate([visitor, len(vl) + vi])
    conv_flag = np.concatenate([is_conv, np.zeros(len(vi), bool)])
    src_of = np.concatenate([leads.src[lead_idx], np.full(len(vi), -1)])
    keep = (t >= ctx.S) & (t < ctx.E)
    t, lead_col, anon_key, conv_flag, src_of = (
        a[keep] for a in (t, lead_col, anon_key, conv_flag, src_of)
    )
    n = len(t)
    tw = np.array([x[3] for x in TRAFFIC])
    mix = rng.choice(len(TRAFFIC), n, p=tw / tw.sum())
    us = np.array([x[0] for x in TRAFFIC])[mix]
    um = np.array([x[1] for x in TRAFFIC])[mix]
    uc = np.array([x[2] for x in TRAFFIC])[mix]
    for s, (a, b, c) in SOURCE_UTM.items():
        m = conv_flag & (src_of == C.LEAD_SOURCES.index(s))
        us[m], um[m], uc[m] = a, b, c
    lp_w = np.array(C.LANDING_PAGE_WEIGHTS)
    landing = rng.choice(len(C.LANDING_PAGES), n, p=lp_w / lp_w.sum())
    conv_pages = np.array(
        [
            C.LANDING_PAGES.index(p)
            for p in [
                "/demo",
                "/contact",
                "/resources/ebook-pipeline",
                "/resources/webinar",
                "/pricing",
            ]
        ]
    )
    landing = np.where(
        conv_flag, conv_pages[rng.integers(0, len(conv_pages), n)], landing
    )
    pageviews = rng.geometric(0.35, n) + np.where(conv_flag, 2, 0)
    order = np.argsort(t, kind="stable")
    # anonymous ids numbered in order of first visit
    uniq, inv = np.unique(anon_key, return_inverse=True)
    first_t = np.full(len(uniq), np.iinfo(np.int64).max)
    np.minimum.at(first_t, inv, t)
    anon_rank = np.empty(len(uniq), dtype=np.int64)
    anon_rank[np.argsort(first_t, kind="stable")] = np.arange(1, len(uniq) + 1)
    specs = {
        "session_id": id_col("session"),
        "anonymous_id": id_col("anon"),
        "lead_id": id_col("lead"),
        "started_at": Col("ts"),
        "landing_page": _cat(C.LANDING_PAGES),
        "utm_source": _cat(UTM_SOURCES),
        "utm_medium": _cat(UTM_MEDIUMS),
        "utm_campaign": _cat(UTM_CAMPAIGNS),
        "pageviews": Col("int"),
    }
    data = {
        "session_id": np.arange(1, n + 1),
        "anonymous_id": anon_rank[inv][order],
        "lead_id": lead_col[order],
        "started_at": t[order],
        "landing_page": landing[order],
        "utm_source": us[order],
        "utm_medium": um[order],
        "utm_campaign": uc[order],
        "pageviews": pageviews[order].astype(np.int64),
    }
    return Table("web_sessions", specs, data)


# ======================================================================================
# NPS
# ======================================================================================
NPS_SCORE_P = [
    # smb: more detractors
    [0.03, 0.02, 0.03, 0.03, 0.04, 0.06, 0.09, 0.16, 0.19, 0.17, 0.18],
    [0.02, 0.01, 0.02, 0.02, 0.03, 0.04, 0.06, 0.15, 0.20, 0.21, 0.24],
    [0.01, 0.01, 0.01, 0.01, 0.02, 0.03, 0.06, 0.13, 0.17, 0.24, 0.31],
]


def _nps(ctx, rng, crm):
    con, acc, opp = crm.con, crm.acc, crm.opp
    since = opp.first_won[con.acc] + 30 * DAY
    start = np.maximum(since, con.created)
    window = np.where(start < ctx.E, ctx.E - start, 0).astype(float)
    n = ctx.scaled(C.NPS_RESPONSES_PER_SCALE, 20)
    if window.sum() <= 0:
        pick = np.zeros(0, dtype=np.int64)
    else:
        pick = rng.choice(con.n, n, p=window / window.sum())
    t = start[pick] + (rng.random(len(pick)) * (ctx.E - start[pick])).astype(np.int64)
    seg = con.segment[pick]
    score = np.zeros(len(pick), dtype=np.int64)
    for s in range(3):
        m = seg == s
        p = np.asarray(NPS_SCORE_P[s])
        score[m] = rng.choice(11, m.sum(), p=p / p.sum())
    order = np.argsort(t, kind="stable")
    pick, t, score = pick[order], t[order], score[order]
    m = len(t)
    specs = {
        "response_id": id_col("nps"),
        "account_id": id_col("account"),
        "contact_id": id_col("contact"),
        "score": Col("int"),
        "responded_at": Col("ts"),
    }
    data = {
        "response_id": np.arange(1, m + 1),
        "account_id": acc.id[con.acc[pick]],
        "contact_id": con.id[pick],
        "score": score,
        "responded_at": t,
    }
    return Table("nps_responses", specs, data)
