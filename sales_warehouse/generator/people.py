"""Names, companies, e-mail addresses and phone numbers (deterministic, unique where it
matters for linking activities to CRM records)."""

from __future__ import annotations

import unicodedata

import numpy as np

from . import config as C
from .table import Col, obj_array

# text id formats: entity -> (prefix, digits)
ID_FORMAT = {
    "user": ("usr_", 4),
    "team": ("team_", 2),
    "account": ("acc_", 5),
    "contact": ("con_", 6),
    "lead": ("lead_", 6),
    "opportunity": ("opp_", 6),
    "osh": ("osh_", 7),
    "lsh": ("lsh_", 7),
    "line_item": ("li_", 7),
    "meeting": ("mtg_", 6),
    "message": ("msg_", 8),
    "thread": ("thr_", 8),
    "event": ("evt_", 9),
    "call": ("call_", 8),
    "sms": ("sms_", 7),
    "session": ("ws_", 7),
    "anon": ("anon_", 7),
    "goal": ("goal_", 5),
    "nps": ("nps_", 6),
    "product": ("prod_", 3),
}


def id_col(entity: str) -> Col:
    prefix, width = ID_FORMAT[entity]
    return Col("id", prefix=prefix, width=width)


def orphan_base(entity: str) -> int:
    """Ids from here on are never issued: 9 followed by zeros, one digit wider."""
    return 9 * 10 ** ID_FORMAT[entity][1]


def cat_col(values) -> Col:
    return Col("cat", values=obj_array(values))


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum())


FIRST_SLUG = [slug(x) for x in C.FIRST_NAMES]
LAST_SLUG = [slug(x) for x in C.LAST_NAMES]
COUNTRY_CODES = [row[0] for row in C.COUNTRIES]
COUNTRY_REGION = [C.REGIONS.index(row[1]) for row in C.COUNTRIES]
COUNTRY_CURRENCY = [row[2] for row in C.COUNTRIES]


def country_weights_for_regions(region_weights: np.ndarray) -> np.ndarray:
    """Probability of each country given region weights."""
    w = np.zeros(len(C.COUNTRIES))
    for i, row in enumerate(C.COUNTRIES):
        w[i] = region_weights[COUNTRY_REGION[i]] * row[3]
    return w / w.sum()


def person_tz(
    rng: np.random.Generator, country: np.ndarray, tz_index: dict
) -> np.ndarray:
    out = np.zeros(len(country), dtype=np.int64)
    for c, row in enumerate(C.COUNTRIES):
        m = country == c
        zones = np.array([tz_index[z] for z in row[4]])
        out[m] = zones[rng.integers(0, len(zones), m.sum())]
    return out


def person_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.integers(0, len(C.FIRST_NAMES), n), rng.integers(0, len(C.LAST_NAMES), n)


def full_names(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    return obj_array(
        f"{C.FIRST_NAMES[f]} {C.LAST_NAMES[n]}" for f, n in zip(first, last)
    )


def unique_emails(
    first: np.ndarray, last: np.ndarray, domains, taken: set | None = None
) -> np.ndarray:
    """first.last@domain, with a number appended when the address is taken."""
    taken = set() if taken is None else taken
    out = []
    for f, n, d in zip(first.tolist(), last.tolist(), domains):
        base = f"{FIRST_SLUG[f]}.{LAST_SLUG[n]}"
        addr = f"{base}@{d}"
        k = 2
        while addr in taken:
            addr = f"{base}{k}@{d}"
            k += 1
        taken.add(addr)
        out.append(addr)
    return obj_array(out)


def companies(
    rng: np.random.Generator, country: np.ndarray, taken_domains: set
) -> tuple[np.ndarray, np.ndarray]:
    """Company names and unique web domains."""
    n = len(country)
    a = rng.integers(0, len(C.COMPANY_WORDS_A), n)
    b = rng.integers(0, len(C.COMPANY_WORDS_B), n)
    legal = rng.random(n)
    names, domains = [], []
    for i in range(n):
        row = C.COUNTRIES[country[i]]
        wa, wb = C.COMPANY_WORDS_A[a[i]], C.COMPANY_WORDS_B[b[i]]
        name = f"{wa} {wb}"
        if legal[i] < 0.55:
            name = f"{name} {row[8][int(legal[i] * 100) % len(row[8])]}"
        base = slug(wa + wb)
        dom = f"{base}.{row[7]}"
        k = 2
        while dom in taken_domains:
            dom = f"{base}{k}.{row[7]}"
            k += 1
        taken_domains.add(dom)
        names.append(name)
        domains.append(dom)
    return obj_array(names), obj_array(domains)


def phone_numbers(
    rng: np.random.Generator, country: np.ndarray, serial: np.ndarray
) -> np.ndarray:
    """E.164 numbers, unique per serial (< 8 million)."""
    out = np.empty(len(country), dtype=object)
    pick = rng.integers(0, 1_000, len(country))
    for c, row in enumerate(C.COUNTRIES):
        m = np.nonzero(country == c)[0]
        if len(m) == 0:
            continue
        prefixes, nd = row[5], row[6]
        span = 8 * 10 ** (nd - 1)
        nums = 2 * 10 ** (nd - 1) + (serial[m].astype(np.int64) * 7919) % span
        pre = [prefixes[p % len(prefixes)] for p in pick[m].tolist()]
        out[m] = [f"{p}{x}" for p, x in zip(pre, nums.tolist())]
    return out
