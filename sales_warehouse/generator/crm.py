"""CRM records: accounts, contacts, leads (+ status history), opportunities (+ stage
history) and line items. Leads run through the funnel; converted leads create the
contact, account and opportunity they point to; won deals spawn renewals and expansions.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from types import SimpleNamespace

import numpy as np

from . import config as C
from .org import FAR_FUTURE, owner_at, owner_at_scalar, pick_users
from .people import (
    COUNTRY_CURRENCY,
    COUNTRY_REGION,
    cat_col,
    companies,
    country_weights_for_regions,
    id_col,
    person_names,
    person_tz,
    phone_numbers,
    unique_emails,
)
from .table import NULL_DATE, Col, Table, obj_array
from .timeutil import DAY, HOUR, Ctx, business_day_weights, sample_days

ST_NEW, ST_WORKING, ST_MQL, ST_SAL, ST_SQL, ST_NURTURING, ST_DISQ, ST_CONVERTED = range(
    8
)
CLOSED_WON, CLOSED_LOST = 5, 6
OPP_SEED_LEAD, OPP_SEED_AE, OPP_SEED_RENEWAL, OPP_SEED_EXPANSION = range(4)
LOST_STAGE_WEIGHTS = [0.30, 0.25, 0.20, 0.15, 0.10]


def _region_prefix_sample(rng, pool_region, pool_created, want_region, want_time):
    """For each wanted (region, time) a random pool member of the region created at or
    before the time (-1 if none)."""
    out = np.full(len(want_region), -1, dtype=np.int64)
    for r in np.unique(want_region):
        members = np.nonzero(pool_region == r)[0]
        if len(members) == 0:
            continue
        order = members[np.argsort(pool_created[members], kind="stable")]
        created_sorted = pool_created[order]
        m = np.nonzero(want_region == r)[0]
        k = np.searchsorted(created_sorted, want_time[m], side="right")
        ok = k > 0
        pick = (rng.random(len(m)) * np.maximum(k, 1)).astype(np.int64)
        out[m[ok]] = order[pick[ok]]
    return out


def build_crm(ctx: Ctx, org) -> SimpleNamespace:
    rng = ctx.rng("crm")
    pr = ctx.pyrng("crm")
    S, E = ctx.S, ctx.E
    region_w = np.bincount(org.team_region, minlength=len(C.REGIONS)).astype(float)
    region_w /= region_w.sum()
    country_p = country_weights_for_regions(region_w)
    country_region = np.array(COUNTRY_REGION)
    taken_domains: set = set()
    taken_emails: set = set()

    # ---------------------------------------------------------------- pre-existing accounts
    n_pre = ctx.scaled(C.PRE_ACCOUNTS_PER_SCALE, 20)
    pre_country = rng.choice(len(C.COUNTRIES), n_pre, p=country_p)
    before = rng.random(n_pre) < 0.55
    t_before = S - (rng.random(n_pre) * 5 * 365 * DAY).astype(np.int64) - DAY
    d_in = sample_days(
        rng,
        n_pre,
        ctx.day0,
        max(ctx.day0 + 1, ctx.day1 - 60),
        business_day_weights(ctx, ctx.day0, max(ctx.day0 + 1, ctx.day1 - 60)),
    )
    t_in = d_in * DAY + rng.integers(8 * HOUR, 20 * HOUR, n_pre)
    pre_created = np.where(before, t_before, t_in)
    pre_names, pre_domains = companies(rng, pre_country, taken_domains)

    # ---------------------------------------------------------------- leads
    n_leads = ctx.scaled(C.LEADS_PER_SCALE, 50)
    src = rng.choice(
        len(C.LEAD_SOURCES),
        n_leads,
        p=np.array(C.LEAD_SOURCE_WEIGHTS) / sum(C.LEAD_SOURCE_WEIGHTS),
    )
    src_channel = np.array(
        [C.CHANNELS.index(C.LEAD_SOURCE_CHANNEL[s]) for s in C.LEAD_SOURCES]
    )
    ch = src_channel[src]
    country = rng.choice(len(C.COUNTRIES), n_leads, p=country_p)
    region = country_region[country]
    tz = person_tz(rng, country, ctx.tz.index)
    days = sample_days(
        rng,
        n_leads,
        ctx.day0,
        ctx.day1,
        business_day_weights(ctx, ctx.day0, ctx.day1, weekend=0.3),
    )
    hour_w = np.array([1, 2, 4, 6, 7, 7, 6, 5, 6, 6, 5, 4, 3, 3, 2], float)  # 07..21
    local = (
        days * DAY
        + (7 + rng.choice(15, n_leads, p=hour_w / hour_w.sum())) * HOUR
        + rng.integers(0, HOUR, n_leads)
    )
    created = np.clip(ctx.tz.to_utc(local, tz), S, E - 1)
    order = np.argsort(created, kind="stable")
    src, ch, country, region, tz, created = (
        a[order] for a in (src, ch, country, region, tz, created)
    )
    owner0 = pick_users(rng, org, "sdr", "region", region, created)
    fit = rng.standard_normal(n_leads)

    p_exist = np.array([0.12, 0.20, 0.25, 0.25, 0.30])[ch]
    want = rng.random(n_leads) < p_exist
    lead_acc = np.full(n_leads, -1, dtype=np.int64)
    wi = np.nonzero(want)[0]
    lead_acc[wi] = _region_prefix_sample(
        rng, country_region[pre_country], pre_created, region[wi], created[wi]
    )
    has_acc = lead_acc >= 0
    # a lead from a known company lives in that company's country
    country[has_acc] = pre_country[lead_acc[has_acc]]
    tz[has_acc] = person_tz(rng, country[has_acc], ctx.tz.index)
    new_names, new_domains = companies(rng, country[~has_acc], taken_domains)
    company = np.empty(n_leads, dtype=object)
    domain = np.empty(n_leads, dtype=object)
    company[has_acc] = pre_names[lead_acc[has_acc]]
    domain[has_acc] = pre_domains[lead_acc[has_acc]]
    company[~has_acc] = new_names
    domain[~has_acc] = new_domains
    first, last = person_names(rng, n_leads)
    lead_email = unique_emails(first, last, domain, taken_emails)
    lead_phone = phone_numbers(rng, country, np.arange(n_leads))

    skill = org.win[owner0]
    lead_rows, lead_info = _simulate_leads(pr, created, ch, fit, skill, E)
    status_final, last_t, conv_t, disq_reason = lead_info

    # ---------------------------------------------------------------- accounts
    conv = np.nonzero(conv_t < E)[0]
    conv_new = conv[lead_acc[conv] < 0]
    n_new = len(conv_new)
    n_acc = n_pre + n_new
    acc_country = np.concatenate([pre_country, country[conv_new]])
    acc_region = country_region[acc_country]
    acc_created = np.concatenate([pre_created, conv_t[conv_new]])
    acc_name = np.concatenate([pre_names, company[conv_new]])
    acc_domain = np.concatenate([pre_domains, domain[conv_new]])
    seg_w = np.array(C.SEGMENT_WEIGHTS)
    acc_segment = rng.choice(3, n_acc, p=seg_w / seg_w.sum())
    # referrals, partners and events bring bigger companies
    bigger = np.zeros(n_acc, dtype=bool)
    bigger[n_pre:] = np.isin(ch[conv_new], [1, 2, 3]) & (rng.random(n_new) < 0.3)
    acc_segment = np.where(bigger, np.maximum(acc_segment, 1), acc_segment)
    acc_industry = rng.choice(
        len(C.INDUSTRIES),
        n_acc,
        p=np.array(C.INDUSTRY_WEIGHTS) / sum(C.INDUSTRY_WEIGHTS),
    )
    emp_lo = np.array([5, 200, 2000])[acc_segment]
    emp_hi = np.array([200, 2000, 150000])[acc_segment]
    acc_employees = np.exp(
        np.log(emp_lo) + rng.random(n_acc) * (np.log(emp_hi) - np.log(emp_lo))
    ).astype(int)
    acc_owner0 = np.full(n_acc, -1, dtype=np.int64)
    acc_owner0[:n_pre] = pick_users(
        rng, org, "ae", "region", acc_region[:n_pre], np.maximum(pre_created, S)
    )
    # local currency for ~70% of non-US accounts
    local_ccy = rng.random(n_acc) < C.LOCAL_CURRENCY_SHARE
    acc_ccy = np.array(
        [
            COUNTRY_CURRENCY[c] if (COUNTRY_CURRENCY[c] == "USD" or lc) else "USD"
            for c, lc in zip(acc_country.tolist(), local_ccy.tolist())
        ],
        dtype=object,
    )
    lead_acc_final = lead_acc.copy()
    lead_acc_final[conv_new] = n_pre + np.arange(n_new)

    # ---------------------------------------------------------------- opportunity seeds
    conv_owner_lead = owner_at(org, owner0[conv], conv_t[conv])
    conv_team = org.team[conv_owner_lead]
    opp_created_a = np.minimum(
        conv_t[conv] + rng.integers(0, 3 * HOUR, len(conv)), E - 1
    )
    opp_owner_a = pick_users(rng, org, "ae", "team", conv_team, opp_created_a)
    acc_owner0[lead_acc_final[conv_new]] = opp_owner_a[np.isin(conv, conv_new)]

    n_b = ctx.scaled(C.AE_SOURCED_OPPS_PER_SCALE, 10)
    d_b = sample_days(
        rng,
        n_b,
        ctx.day0 + 10,
        ctx.day1,
        business_day_weights(ctx, ctx.day0 + 10, ctx.day1, weekend=0.02),
    )
    t_b = d_b * DAY + rng.integers(8 * HOUR, 22 * HOUR, n_b)
    acc_b = _region_prefix_sample(
        rng,
        np.zeros(n_acc, dtype=np.int64),
        acc_created,
        np.zeros(n_b, dtype=np.int64),
        t_b,
    )
    ok_b = (acc_b >= 0) & (t_b < E)
    t_b, acc_b = t_b[ok_b], acc_b[ok_b]
    owner_b = owner_at(org, acc_owner0[acc_b], t_b)
    src_b = np.where(
        rng.random(len(t_b)) < 0.7,
        C.LEAD_SOURCES.index("Outbound Prospecting"),
        C.LEAD_SOURCES.index("Cold Call"),
    )

    seeds = []
    for k, li in enumerate(conv.tolist()):
        seeds.append(
            (
                int(opp_created_a[k]),
                len(seeds),
                OPP_SEED_LEAD,
                int(lead_acc_final[li]),
                li,
                int(opp_owner_a[k]),
                int(src[li]),
            )
        )
    for k in range(len(t_b)):
        seeds.append(
            (
                int(t_b[k]),
                len(seeds),
                OPP_SEED_AE,
                int(acc_b[k]),
                -1,
                int(owner_b[k]),
                int(src_b[k]),
            )
        )
    acc = SimpleNamespace(
        n=n_acc,
        country=acc_country,
        region=acc_region,
        created=acc_created,
        name=acc_name,
        domain=acc_domain,
        segment=acc_segment,
        industry=acc_industry,
        employees=acc_employees,
        owner0=acc_owner0,
        ccy=acc_ccy,
        n_pre=n_pre,
    )
    opp = _simulate_opportunities(ctx, pr, org, acc, seeds)

    # ---------------------------------------------------------------- contacts
    # converted leads become contacts (same e-mail and phone as the lead)
    con_person = [conv]
    con_acc = [lead_acc_final[conv]]
    con_created = [conv_t[conv]]
    con_source = [src[conv]]
    con_country = [country[conv]]
    con_tz = [tz[conv]]
    con_lead = [conv]
    # further contacts at every account
    mean_extra = np.array([1.25, 2.6, 4.6])[acc_segment]
    is_pre = np.arange(n_acc) < n_pre
    n_extra = rng.poisson(
        np.where(is_pre, mean_extra, np.maximum(mean_extra - 0.6, 0.1))
    )
    n_extra = np.where(is_pre, np.maximum(n_extra, 1), n_extra)
    ex_acc = np.repeat(np.arange(n_acc), n_extra)
    first_of_acc = (
        np.r_[True, ex_acc[1:] != ex_acc[:-1]] if len(ex_acc) else np.zeros(0, bool)
    )
    gap = np.where(
        first_of_acc,
        rng.integers(0, 10 * DAY, len(ex_acc)),
        rng.exponential(160 * DAY, len(ex_acc)).astype(np.int64),
    )
    ex_created = acc_created[ex_acc] + gap
    keep = ex_created < E - HOUR
    ex_acc, ex_created = ex_acc[keep], ex_created[keep]
    n_ex = len(ex_acc)
    ex_person = n_leads + np.arange(n_ex)
    ex_first, ex_last = person_names(rng, n_ex)
    ex_email = unique_emails(ex_first, ex_last, acc_domain[ex_acc], taken_emails)
    ex_phone = phone_numbers(rng, acc_country[ex_acc], ex_person)
    ex_sources = [
        "Outbound Prospecting",
        "Trade Show",
        "Referral",
        "Webinar",
        "Partner",
        "Cold Call",
        "Web",
    ]
    ex_source = np.array([C.LEAD_SOURCES.index(s) for s in ex_sources])[
        rng.choice(len(ex_sources), n_ex, p=[0.32, 0.14, 0.12, 0.12, 0.1, 0.12, 0.08])
    ]
    ex_source = np.where(rng.random(n_ex) < 0.1, -1, ex_source)
    con_person.append(ex_person)
    con_acc.append(ex_acc)
    con_created.append(ex_created)
    con_source.append(ex_source)
    con_country.append(acc_country[ex_acc])
    con_tz.append(person_tz(rng, acc_country[ex_acc], ctx.tz.index))
    con_lead.append(np.full(n_ex, -1))
    person_email = np.concatenate([lead_email, ex_email])
    person_phone = np.concatenate([lead_phone, ex_phone])
    person_first = np.concatenate([first, ex_first])
    person_last = np.concatenate([last, ex_last])

    con = SimpleNamespace(
        person=np.concatenate(con_person),
        acc=np.concatenate(con_acc),
        created=np.concatenate(con_created),
        source=np.concatenate(con_source),
        country=np.concatenate(con_country),
        tz=np.concatenate(con_tz),
        lead=np.concatenate(con_lead),
    )
    con.n = len(con.person)
    con.region = country_region[con.country]
    con.segment = acc_segment[con.acc]
    # ids in creation order
    con.id = np.empty(con.n, dtype=np.int64)
    con.id[np.argsort(con.created, kind="stable")] = np.arange(1, con.n + 1)
    acc.id = np.empty(n_acc, dtype=np.int64)
    acc.id[np.argsort(acc_created, kind="stable")] = np.arange(1, n_acc + 1)
    con.acc_id = acc.id[con.acc]
    # contacts per account (for activities)
    by_acc = np.argsort(con.acc, kind="stable")
    acc.contact_sorted = by_acc
    acc.contact_start = np.searchsorted(con.acc[by_acc], np.arange(n_acc))
    acc.contact_count = np.bincount(con.acc, minlength=n_acc)
    lead_contact = np.full(n_leads, -1, dtype=np.int64)
    lead_contact[conv] = np.arange(len(conv))

    leads = SimpleNamespace(
        n=n_leads,
        src=src,
        ch=ch,
        country=country,
        region=region,
        tz=tz,
        created=created,
        owner0=owner0,
        fit=fit,
        acc=lead_acc_final,
        company=company,
        email=lead_email,
        phone=lead_phone,
        status=status_final,
        last_t=last_t,
        conv_t=conv_t,
        disq=disq_reason,
        rows=lead_rows,
        contact=lead_contact,
        id=np.arange(1, n_leads + 1),
    )
    leads.acc_id = np.where(
        lead_acc_final >= 0, acc.id[np.maximum(lead_acc_final, 0)], -1
    )
    leads.opp = np.full(n_leads, -1, dtype=np.int64)
    has_lead = opp.lead >= 0
    leads.opp[opp.lead[has_lead]] = np.nonzero(has_lead)[0]

    people = SimpleNamespace(
        email=person_email,
        phone=person_phone,
        first=person_first,
        last=person_last,
        n=len(person_email),
    )
    crm = SimpleNamespace(acc=acc, con=con, leads=leads, opp=opp, people=people)
    crm.tables = {
        "crm_accounts": _accounts_table(ctx, rng, org, acc),
        "crm_contacts": _contacts_table(ctx, rng, con, people),
        "crm_leads": _leads_table(ctx, rng, org, leads, opp, con, people),
        "crm_lead_status_history": _lead_history_table(leads),
        "crm_opportunities": _opportunities_table(acc, opp),
        "crm_opportunity_stage_history": _stage_history_table(opp),
        "crm_opportunity_line_items": _line_items_table(opp),
    }
    return crm


# ======================================================================================
# Leads
# ======================================================================================
def _simulate_leads(pr, created, ch, fit, skill, E):
    mql_delay = [1.0, 3.0, 2.0, 3.0, 12.0]
    rows_lead, rows_status, rows_t = [], [], []
    n = len(created)
    status_final = np.zeros(n, dtype=np.int64)
    last_t = np.zeros(n, dtype=np.int64)
    conv_t = np.full(n, FAR_FUTURE, dtype=np.int64)
    disq = np.full(n, -1, dtype=np.int64)
    reasons_w = C.DISQUALIFIED_REASON_WEIGHTS
    expo = pr.expovariate
    rnd = pr.random
    for i in range(n):
        c = int(ch[i])
        t = float(created[i])
        rows = [(ST_NEW, t)]
        mult = math.exp(0.15 * float(fit[i])) * math.sqrt(float(skill[i]))
        probs = [min(0.97, p * mult) for p in C.FUNNEL_P[C.CHANNELS[c]]]
        if rnd() < 0.8:
            t += expo(1.0) * 0.8 * DAY
            rows.append((ST_WORKING, t))
        step_codes = (ST_MQL, ST_SAL, ST_SQL, ST_CONVERTED)
        delays = (mql_delay[c], 2.5, 6.0, 5.0)
        step = 0
        reengaged = False
        reason = -1
        if c in (2, 3) and rnd() < 0.15:
            step = 2  # referral / partner leads qualified straight to SQL
        while step < 4:
            if rnd() < probs[step]:
                t += (0.02 + expo(1.0)) * delays[step] * DAY
                rows.append((step_codes[step], t))
                if step < 3 and rnd() < 0.03:  # the CRM logged the same status twice
                    rows.append((step_codes[step], t + pr.uniform(60, 3 * DAY)))
                step += 1
                continue
            t += (0.1 + expo(1.0)) * 14 * DAY
            r = rnd()
            if r < 0.55 or reengaged:
                rows.append((ST_DISQ, t))
                reason = pr.choices(
                    range(len(C.DISQUALIFIED_REASONS)), weights=reasons_w
                )[0]
            elif r < 0.92:
                rows.append((ST_NURTURING, t))
                if rnd() < 0.3:
                    t += pr.uniform(30, 150) * DAY
                    rows.append((ST_MQL, t))
                    reengaged = True
                    probs = [p * 0.85 for p in probs]
                    step = max(step, 1)
                    continue
            break
        kept = [(s, int(tt)) for s, tt in rows if tt < E]
        for s, tt in kept:
            rows_lead.append(i)
            rows_status.append(s)
            rows_t.append(tt)
        status_final[i] = kept[-1][0]
        last_t[i] = kept[-1][1]
        if kept[-1][0] == ST_CONVERTED:
            conv_t[i] = kept[-1][1]
        if kept[-1][0] == ST_DISQ:
            disq[i] = reason
    rows = SimpleNamespace(
        lead=np.array(rows_lead, dtype=np.int64),
        status=np.array(rows_status, dtype=np.int64),
        t=np.array(rows_t, dtype=np.int64),
    )
    return rows, (status_final, last_t, conv_t, disq)


# ======================================================================================
# Opportunities
# ======================================================================================
def _to_date(t: float) -> dt.date:
    return dt.datetime.fromtimestamp(int(t), dt.UTC).date()


def _quarter_adjust(pr, t: float, created: float) -> float:
    """Won deals: pulled into the quarter that just ended, pushed out of August and late
    December."""
    d = _to_date(t)
    if d.month in (1, 4, 7, 10) and d.day <= 20 and pr.random() < 0.4:
        q_end = dt.date(d.year, d.month, 1) - dt.timedelta(days=1 + pr.randint(0, 5))
        new = (
            dt.datetime(q_end.year, q_end.month, q_end.day, tzinfo=dt.UTC).timestamp()
            + pr.uniform(14, 22) * HOUR
        )
        if new > created + 7 * DAY:
            return new
    if (d.month == 8 or (d.month == 12 and d.day >= 15)) and pr.random() < 0.4:
        first = dt.date(d.year + (d.month == 12), 1 if d.month == 12 else 9, 1)
        return (
            dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC).timestamp()
            + pr.uniform(2, 20) * DAY
        )
    return t


def _simulate_opportunities(ctx, pr, org, acc, seeds) -> SimpleNamespace:
    E = ctx.E
    products = org.products
    fx = C.FX_PER_USD
    chf_every = int(max(40, min(round(1 / C.CHF_OPPORTUNITY_RATE), len(seeds) / 4)))
    heapq.heapify(seeds)
    first_won = np.full(acc.n, FAR_FUTURE, dtype=np.int64)
    first_source = np.full(acc.n, -1, dtype=np.int64)
    src_channel = [C.CHANNELS.index(C.LEAD_SOURCE_CHANNEL[s]) for s in C.LEAD_SOURCES]
    launched = products.launched
    seg_w = products.seg_weight

    columns_out = {
        k: []
        for k in (
            "acc",
            "owner0",
            "owner",
            "created",
            "type",
            "source",
            "ccy",
            "amount",
            "stage",
            "prob",
            "forecast",
            "close_date",
            "is_closed",
            "is_won",
            "loss",
            "competitor",
            "next_step",
            "next_step_date",
            "updated",
            "name",
            "lead",
            "close_t",
            "stuck",
            "last_change",
        )
    }
    H = {
        k: []
        for k in (
            *("opp", "stage", "amount", "t", "by", "entry"),
            *("owner", "close", "forecast", "prob"),
        )
    }
    L = {k: [] for k in ("opp", "product", "qty", "unit", "disc", "total", "updated")}
    seq = len(seeds)
    while seeds:
        created, _, kind, a, lead, owner, source = heapq.heappop(seeds)
        if created >= E:
            continue
        o = len(columns_out["acc"])
        customer = first_won[a] <= created
        if kind in (OPP_SEED_LEAD, OPP_SEED_AE):
            otype = "expansion" if customer else "new_business"
        else:
            otype = "renewal" if kind == OPP_SEED_RENEWAL else "expansion"
        if source < 0:
            source = (
                int(first_source[a])
                if first_source[a] >= 0
                else C.LEAD_SOURCES.index("Outbound Prospecting")
            )
        if first_source[a] < 0:
            first_source[a] = source
        owner = owner_at_scalar(org, owner, created)
        seg = int(acc.segment[a])
        chn = src_channel[source]
        # every chf_every-th deal is in CHF (deterministic, so small scales get some too)
        ccy = "CHF" if o % chf_every == chf_every // 2 else acc.ccy[a]
        rate = fx[ccy]

        # ---- line items and amount
        usd = (
            C.SEGMENT_DEAL_MEDIAN_USD[seg]
            * C.TYPE_DEAL_FACTOR[otype]
            * pr.lognormvariate(0, 0.55)
        )
        avail = [
            p for p in range(products.n) if launched[p] <= created and seg_w[p, seg] > 0
        ]
        weights = [seg_w[p, seg] for p in avail]
        n_lines = min(len(avail), pr.choices((1, 2, 3), weights=(0.5, 0.35, 0.15))[0])
        chosen = []
        while len(chosen) < n_lines:
            p = pr.choices(avail, weights=weights)[0]
            if p not in chosen:
                chosen.append(p)
        shares = [pr.expovariate(1.0) + 0.2 for _ in chosen]
        tot_share = sum(shares)
        lines = []
        for p, sh in zip(chosen, shares):
            qty = max(
                1, min(5000, int(round(usd * sh / tot_share / products.price[p])))
            )
            unit = round(products.price[p] * rate, 2)
            disc = pr.choices(C.DISCOUNTS, weights=C.DISCOUNT_WEIGHTS_BY_SEGMENT[seg])[
                0
            ]
            total = round(qty * unit * (1 - disc), 2)
            lines.append((p, qty, unit, disc, total))
        amount = round(sum(x[4] for x in lines), 2)

        # ---- outcome and timing
        p_win = (
            C.TYPE_WIN_P[otype]
            * float(org.win[owner])
            * C.CHANNEL_WIN_FACTOR[C.CHANNELS[chn]]
            * C.SEGMENT_WIN_FACTOR[seg]
        )
        p_win = min(0.95, max(0.03, p_win))
        won = pr.random() < p_win
        cycle = (
            C.SEGMENT_CYCLE_MEDIAN_DAYS[seg]
            * C.TYPE_CYCLE_FACTOR[otype]
            * pr.lognormvariate(0, 0.45)
            * (0.85 if won else 1.05)
        )
        cycle = max(3.0, cycle)
        stuck = pr.random() < C.STUCK_RATE
        if stuck:
            cycle *= pr.uniform(2.5, 4.5)
        close_t = created + cycle * DAY
        if won:
            close_t = max(created + 2 * DAY, _quarter_adjust(pr, close_t, created))

        start = pr.choices((0, 1, 2), weights=(0.7, 0.25, 0.05))[0]
        if otype == "renewal":
            start = max(start, 1)
        if won:
            top = 4 if pr.random() < 0.85 else 3
            top = max(top, start)
        else:
            top = pr.choices(range(start, 5), weights=LOST_STAGE_WEIGHTS[start:5])[0]
        visits = [start] + [
            s for s in range(start + 1, top + 1) if s == top or pr.random() > 0.07
        ]
        if len(visits) >= 3 and pr.random() < 0.07:  # backward move, then forward again
            i = pr.randrange(2, len(visits))
            visits = visits[: i + 1] + [visits[i - 1], visits[i]] + visits[i + 1 :]
        w = [pr.expovariate(1.0) + 0.15 for _ in visits]
        if stuck:
            w[pr.randrange(len(w))] *= 8
        tot = sum(w)
        rows = []  # (stage, t, is_entry)
        acc_t = created
        for s, wi in zip(visits, w):
            rows.append((s, acc_t, True))
            dur = (close_t - created) * wi / tot
            if pr.random() < 0.12:  # amount change inside the stage
                rows.append((s, acc_t + dur * pr.uniform(0.3, 0.7), False))
            acc_t += dur
        rows.append((CLOSED_WON if won else CLOSED_LOST, close_t, True))
        final_won = won
        if not won and pr.random() < 0.05:  # re-opened after the loss
            t_r = close_t + pr.uniform(15, 120) * DAY
            rows.append((pr.choice((2, 3)), t_r, True))
            final_won = pr.random() < 0.45
            rows.append(
                (
                    CLOSED_WON if final_won else CLOSED_LOST,
                    t_r + pr.uniform(20, 90) * DAY,
                    True,
                )
            )
        first_cut = next((r for r in rows if r[1] >= E), None)
        rows = [r for r in rows if r[1] < E]
        cur_stage = rows[-1][0]
        closed = cur_stage in (CLOSED_WON, CLOSED_LOST)
        is_won = cur_stage == CLOSED_WON

        drift = is_won and pr.random() < C.LINE_ITEM_DRIFT_RATE
        final_amount = amount
        if drift:
            while True:
                final_amount = round(amount * pr.uniform(0.88, 1.12), -2)
                if final_amount != amount and final_amount > 0:
                    break
        estimate = round(amount * pr.uniform(0.6, 1.4), -2) or amount
        first_firm = next((k for k, r in enumerate(rows) if r[0] >= 3), len(rows))
        repeat_stage = {k - 1 for k, r in enumerate(rows) if not r[2] and r[0] >= 3}
        manager = org.team_manager[org.team[owner]] if org.team[owner] >= 0 else owner
        for k, (s, t, entry) in enumerate(rows):
            if k < first_firm:
                amt = (
                    estimate
                    if entry
                    else round(estimate * pr.uniform(0.8, 1.25), -2) or estimate
                )
                if not entry:
                    estimate = amt
            elif k in repeat_stage:
                amt = round(final_amount * pr.uniform(0.85, 1.15), 2)
            else:
                amt = final_amount
            r = pr.random()
            by = (
                owner_at_scalar(org, owner, int(t))
                if r < 0.9
                else (
                    int(manager)
                    if r < 0.96
                    else int(org.ops[pr.randrange(len(org.ops))])
                )
            )
            H["opp"].append(o)
            H["stage"].append(s)
            H["amount"].append(amt)
            H["t"].append(int(t))
            H["by"].append(by)
            H["entry"].append(entry)
            H["owner"].append(owner_at_scalar(org, owner, int(t)))
            H["forecast"].append(C.STAGE_FORECAST[s])
            H["prob"].append(C.STAGE_PROBABILITY[s])
        last_change = rows[-1][1]
        cur_amount = H["amount"][-1]

        # line items (quoted at creation, refreshed when a proposal goes out)
        prop_t = next((r[1] for r in rows if r[0] >= 3), None)
        li_upd = int(
            min(
                E - 1,
                prop_t if prop_t is not None else created + pr.uniform(0.05, 2) * DAY,
            )
        )
        for p, qty, unit, disc, total in lines:
            L["opp"].append(o)
            L["product"].append(p)
            L["qty"].append(qty)
            L["unit"].append(unit)
            L["disc"].append(disc)
            L["total"].append(total)
            L["updated"].append(max(li_upd, int(created)))

        # ---- current state
        if closed:
            close_date = int(last_change // DAY)
        else:
            exp_t = (
                first_cut[1] if first_cut is not None else E + pr.uniform(7, 60) * DAY
            )
            if stuck and pr.random() < 0.3:
                exp_t = E - pr.uniform(5, 40) * DAY  # nobody updated it
            close_date = int(exp_t // DAY)
        H["close"].extend(_expected_close_days(rows, close_date))
        prob = C.STAGE_PROBABILITY[cur_stage]
        forecast = C.STAGE_FORECAST[cur_stage]
        if not closed and pr.random() < 0.12:
            prob = min(95, max(5, prob + pr.choice((-10, 10))))
        if not closed and pr.random() < 0.15:
            forecast = pr.choice(("pipeline", "best_case", "commit"))
        H["forecast"][-1], H["prob"][-1] = forecast, prob  # the record's last change
        loss = competitor = -1
        if cur_stage == CLOSED_LOST:
            loss = pr.choices(
                range(len(C.LOSS_REASONS)), weights=C.LOSS_REASON_WEIGHTS
            )[0]
            if loss == 0:
                competitor = pr.choices(
                    range(len(C.COMPETITORS)), weights=C.COMPETITOR_WEIGHTS
                )[0]
        next_step = next_date = -1
        if not closed:
            next_step = pr.randrange(len(C.NEXT_STEPS))
            if stuck:
                next_date = int(E // DAY) - pr.randint(20, 90)
            else:
                next_date = int(E // DAY) + pr.randint(-10, 30)
        upd = last_change + pr.uniform(60, 6 * HOUR)
        if not closed and pr.random() < 0.5:
            upd = max(upd, last_change + pr.random() * (E - last_change))
        upd = int(min(E - 1, upd))

        cur_owner = owner_at_scalar(org, owner, int(last_change if closed else E - 1))
        label = {"new_business": "", "expansion": " Expansion", "renewal": " Renewal"}[
            otype
        ]
        name = f"{acc.name[a]} - {products.name[lines[0][0]]}{label}"
        for key, val in (
            ("acc", a),
            ("owner0", owner),
            ("owner", cur_owner),
            ("created", int(created)),
            ("type", otype),
            ("source", source),
            ("ccy", ccy),
            ("amount", cur_amount),
            ("stage", cur_stage),
            ("prob", prob),
            ("forecast", forecast),
            ("close_date", close_date),
            ("is_closed", closed),
            ("is_won", is_won),
            ("loss", loss),
            ("competitor", competitor),
            ("next_step", next_step),
            ("next_step_date", next_date),
            ("updated", upd),
            ("name", name),
            ("lead", lead),
            ("close_t", int(last_change) if closed else int(FAR_FUTURE)),
            ("stuck", stuck),
            ("last_change", int(last_change)),
        ):
            columns_out[key].append(val)

        # ---- wins create the next deals
        if is_won:
            tw = int(last_change)
            first_won[a] = min(first_won[a], tw)
            if otype in ("new_business", "renewal") and pr.random() < 0.85:
                heapq.heappush(
                    seeds,
                    (
                        int(tw + (365 - pr.uniform(45, 90)) * DAY),
                        seq,
                        OPP_SEED_RENEWAL,
                        a,
                        -1,
                        owner_at_scalar(org, owner, tw),
                        -1,
                    ),
                )
                seq += 1
            if pr.random() < 0.35:
                heapq.heappush(
                    seeds,
                    (
                        int(tw + pr.uniform(60, 330) * DAY),
                        seq,
                        OPP_SEED_EXPANSION,
                        a,
                        -1,
                        owner_at_scalar(org, owner, tw),
                        -1,
                    ),
                )
                seq += 1

    opp = SimpleNamespace(
        **{
            k: np.array(v)
            if k not in ("type", "ccy", "forecast", "name")
            else np.array(v, dtype=object)
            for k, v in columns_out.items()
        }
    )
    opp.n = len(columns_out["acc"])
    opp.hist = SimpleNamespace(**{k: np.array(v) for k, v in H.items()})
    opp.lines = SimpleNamespace(**{k: np.array(v) for k, v in L.items()})
    opp.first_won = first_won
    # ids in creation order (seeds are processed in creation order already)
    opp.id = np.arange(1, opp.n + 1)
    opp.end_t = np.minimum(opp.close_t, E)
    return opp


# ======================================================================================
# Tables
# ======================================================================================
def _cap(ts, ctx):
    return np.minimum(ts, ctx.E - 1)


def _accounts_table(ctx, rng, org, acc) -> Table:
    n = acc.n
    upd = acc.created + rng.integers(0, 2 * DAY, n)
    edit = rng.random(n) < 0.5
    upd = np.where(
        edit,
        np.maximum(
            upd, acc.created + (rng.random(n) * (ctx.E - acc.created)).astype(np.int64)
        ),
        upd,
    )
    owner = owner_at(org, acc.owner0, np.full(n, ctx.E - 1))
    order = np.argsort(acc.id)
    specs = {
        "account_id": id_col("account"),
        "account_name": Col("cat", values=acc.name),
        "industry": cat_col(C.INDUSTRIES),
        "segment": cat_col(C.SEGMENTS),
        "country": cat_col([row[0] for row in C.COUNTRIES]),
        "region": cat_col(C.REGIONS),
        "employee_count": Col("int"),
        "owner_user_id": id_col("user"),
        "created_at": Col("ts"),
        "updated_at": Col("ts"),
        "is_deleted": Col("bool"),
    }
    data = {
        "account_id": acc.id,
        "account_name": np.arange(n),
        "industry": acc.industry,
        "segment": acc.segment,
        "country": acc.country,
        "region": acc.region,
        "employee_count": acc.employees.astype(np.int64),
        "owner_user_id": owner + 1,
        "created_at": acc.created,
        "updated_at": _cap(upd, ctx),
        "is_deleted": np.zeros(n, dtype=bool),
    }
    return Table("crm_accounts", specs, {k: v[order] for k, v in data.items()})


def _contacts_table(ctx, rng, con, people) -> Table:
    n = con.n
    upd = con.created + rng.integers(0, 2 * DAY, n)
    edit = rng.random(n) < 0.4
    upd = np.where(
        edit,
        np.maximum(
            upd, con.created + (rng.random(n) * (ctx.E - con.created)).astype(np.int64)
        ),
        upd,
    )
    titles = sorted({t for seg in C.TITLES_BY_SEGMENT for t in seg})
    title_idx = np.zeros(n, dtype=np.int64)
    for s, seg_titles in enumerate(C.TITLES_BY_SEGMENT):
        m = con.segment == s
        codes = np.array([titles.index(t) for t in seg_titles])
        title_idx[m] = codes[rng.integers(0, len(codes), m.sum())]
    order = np.argsort(con.id)
    specs = {
        "contact_id": id_col("contact"),
        "account_id": id_col("account"),
        "email": Col("cat", values=people.email),
        "phone": Col("cat", values=people.phone),
        "title": cat_col(titles),
        "lead_source": cat_col(C.LEAD_SOURCES),
        "created_at": Col("ts"),
        "updated_at": Col("ts"),
        "is_deleted": Col("bool"),
    }
    data = {
        "contact_id": con.id,
        "account_id": con.acc_id,
        "email": con.person,
        "phone": con.person,
        "title": title_idx,
        "lead_source": con.source,
        "created_at": con.created,
        "updated_at": _cap(upd, ctx),
        "is_deleted": np.zeros(n, dtype=bool),
    }
    return Table("crm_contacts", specs, {k: v[order] for k, v in data.items()})


def _leads_table(ctx, rng, org, leads, opp, con, people) -> Table:
    n = leads.n
    closed = np.isin(leads.status, [ST_DISQ, ST_CONVERTED])
    owner = owner_at(org, leads.owner0, np.where(closed, leads.last_t, ctx.E - 1))
    upd = leads.last_t + rng.integers(60, 3 * HOUR, n)
    rescore = rng.random(n) < 0.3
    upd = np.where(
        rescore,
        np.maximum(
            upd,
            leads.last_t + (rng.random(n) * (ctx.E - leads.last_t)).astype(np.int64),
        ),
        upd,
    )
    bonus = np.array([5, 0, 12, 8, -8])[leads.ch]
    score = 48 + 16 * leads.fit + bonus + 8 * rng.standard_normal(n)
    score = score + np.where(leads.status == ST_CONVERTED, 10, 0)
    score = np.clip(np.round(score), 0, 100).astype(np.int64)
    conv = leads.opp >= 0
    conv_contact = np.where(
        leads.contact >= 0, con.id[np.maximum(leads.contact, 0)], -1
    )
    conv_acc = np.where(conv, leads.acc_id, -1)
    companies = np.unique(leads.company)
    company_code = np.searchsorted(companies, leads.company)
    specs = {
        "lead_id": id_col("lead"),
        "email": Col("cat", values=people.email),
        "company_name": Col("cat", values=obj_array(companies.tolist())),
        "lead_source": cat_col(C.LEAD_SOURCES),
        "owner_user_id": id_col("user"),
        "lead_score": Col("int"),
        "status": cat_col(C.LEAD_STATUSES),
        "disqualified_reason": cat_col(C.DISQUALIFIED_REASONS),
        "converted_account_id": id_col("account"),
        "converted_contact_id": id_col("contact"),
        "converted_opportunity_id": id_col("opportunity"),
        "created_at": Col("tstext"),
        "updated_at": Col("ts"),
        "is_deleted": Col("bool"),
    }
    data = {
        "lead_id": leads.id,
        "email": np.arange(n),
        "company_name": company_code,
        "lead_source": leads.src,
        "owner_user_id": owner + 1,
        "lead_score": score,
        "status": leads.status,
        "disqualified_reason": leads.disq,
        "converted_account_id": conv_acc,
        "converted_contact_id": np.where(conv, conv_contact, -1),
        "converted_opportunity_id": np.where(
            conv, opp.id[np.maximum(leads.opp, 0)], -1
        ),
        "created_at": leads.created,
        "updated_at": _cap(upd, ctx),
        "is_deleted": np.zeros(n, dtype=bool),
    }
    return Table("crm_leads", specs, data)


def _lead_history_table(leads) -> Table:
    rows = leads.rows
    n = len(rows.lead)
    specs = {
        "history_id": id_col("lsh"),
        "lead_id": id_col("lead"),
        "status": cat_col(C.LEAD_STATUSES),
        "changed_at": Col("ts"),
    }
    data = {
        "history_id": np.arange(1, n + 1),
        "lead_id": leads.id[rows.lead],
        "status": rows.status,
        "changed_at": rows.t,
    }
    return Table("crm_lead_status_history", specs, data)


def _opportunities_table(acc, opp) -> Table:
    n = opp.n
    types = np.array([C.OPPORTUNITY_TYPES.index(t) for t in opp.type])
    ccy = np.array([C.CURRENCIES.index(c) for c in opp.ccy])
    forecast = np.array([C.FORECAST_CATEGORIES.index(f) for f in opp.forecast])
    specs = {
        "opportunity_id": id_col("opportunity"),
        "account_id": id_col("account"),
        "owner_user_id": id_col("user"),
        "opportunity_name": Col("cat", values=obj_array(opp.name.tolist())),
        "opportunity_type": cat_col(C.OPPORTUNITY_TYPES),
        "lead_source": cat_col(C.LEAD_SOURCES),
        "amount": Col("dec"),
        "currency": cat_col(C.CURRENCIES),
        "stage_name": cat_col(C.STAGES),
        "probability": Col("int"),
        "forecast_category": cat_col(C.FORECAST_CATEGORIES),
        "created_at": Col("ts"),
        "close_date": Col("date"),
        "is_closed": Col("bool"),
        "is_won": Col("bool"),
        "loss_reason": cat_col(C.LOSS_REASONS),
        "competitor_name": cat_col(C.COMPETITORS),
        "next_step": cat_col(C.NEXT_STEPS),
        "next_step_date": Col("date"),
        "updated_at": Col("ts"),
        "is_deleted": Col("bool"),
    }
    data = {
        "opportunity_id": opp.id,
        "account_id": acc.id[opp.acc],
        "owner_user_id": opp.owner + 1,
        "opportunity_name": np.arange(n),
        "opportunity_type": types,
        "lead_source": opp.source,
        "amount": opp.amount.astype(float),
        "currency": ccy,
        "stage_name": opp.stage,
        "probability": opp.prob.astype(np.int64),
        "forecast_category": forecast,
        "created_at": opp.created,
        "close_date": opp.close_date.astype(np.int64),
        "is_closed": opp.is_closed.astype(bool),
        "is_won": opp.is_won.astype(bool),
        "loss_reason": opp.loss,
        "competitor_name": opp.competitor,
        "next_step": opp.next_step,
        "next_step_date": np.where(opp.next_step >= 0, opp.next_step_date, NULL_DATE),
        "updated_at": opp.updated,
        "is_deleted": np.zeros(n, dtype=bool),
    }
    return Table("crm_opportunities", specs, data)


def _expected_close_days(rows, close_date: int) -> list[int]:
    """The expected close day on each history row (SPEC §8's optional close_date): a
    closed row's own day; an open row expects the next close (or, still open, the
    deal's close date), a week earlier per open row still to come, as reps who commit
    early and then slip do. No random draw, so the rest of the data is unchanged."""
    days, target, rows_to_go = [], close_date, 0
    for stage, t, _ in reversed(rows):
        day = int(t // DAY)
        if stage in (CLOSED_WON, CLOSED_LOST):
            target, rows_to_go = day, 0
            days.append(day)
        else:
            days.append(max(day + 1, target - 7 * rows_to_go))
            rows_to_go += 1
    return days[::-1]


def _stage_history_table(opp) -> Table:
    h = opp.hist
    n = len(h.opp)
    ccy = np.array([C.CURRENCIES.index(c) for c in opp.ccy])
    specs = {
        "history_id": id_col("osh"),
        "opportunity_id": id_col("opportunity"),
        "stage_name": cat_col(C.STAGES),
        "amount": Col("dec"),
        "currency": cat_col(C.CURRENCIES),
        "changed_at": Col("ts"),
        "changed_by_user_id": id_col("user"),
        "close_date": Col("date"),
        "forecast_category": cat_col(C.FORECAST_CATEGORIES),
        "probability": Col("int"),
        "owner_user_id": id_col("user"),
    }
    data = {
        "history_id": np.arange(1, n + 1),
        "opportunity_id": opp.id[h.opp],
        "stage_name": h.stage,
        "amount": h.amount.astype(float),
        "currency": ccy[h.opp],
        "changed_at": h.t,
        "changed_by_user_id": h.by + 1,
        "close_date": h.close.astype(np.int64),
        "forecast_category": np.array(
            [C.FORECAST_CATEGORIES.index(f) for f in h.forecast], dtype=np.int64
        ),
        "probability": h.prob.astype(np.int64),
        "owner_user_id": h.owner + 1,
    }
    return Table("crm_opportunity_stage_history", specs, data)


def _line_items_table(opp) -> Table:
    li = opp.lines
    n = len(li.opp)
    ccy = np.array([C.CURRENCIES.index(c) for c in opp.ccy])
    specs = {
        "line_item_id": id_col("line_item"),
        "opportunity_id": id_col("opportunity"),
        "product_id": id_col("product"),
        "quantity": Col("int"),
        "unit_price": Col("dec"),
        "discount_pct": Col("dec"),
        "total_price": Col("dec"),
        "currency": cat_col(C.CURRENCIES),
        "updated_at": Col("ts"),
        "is_deleted": Col("bool"),
    }
    data = {
        "line_item_id": np.arange(1, n + 1),
        "opportunity_id": opp.id[li.opp],
        "product_id": li.product + 1,
        "quantity": li.qty.astype(np.int64),
        "unit_price": li.unit.astype(float),
        "discount_pct": li.disc.astype(float),
        "total_price": li.total.astype(float),
        "currency": ccy[li.opp],
        "updated_at": li.updated.astype(np.int64),
        "is_deleted": np.zeros(n, dtype=bool),
    }
    return Table("crm_opportunity_line_items", specs, data)
