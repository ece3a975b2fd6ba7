"""Calendar, time-zone and random-number helpers shared by the generator modules.

All times are int64 seconds since the epoch (UTC). Time zones are handled with a table of
UTC offsets per hour built once from ``zoneinfo``, so conversions are vectorised.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np

from . import config as C

DAY = 86_400
HOUR = 3_600
MINUTE = 60


def epoch_seconds(d: dt.date | dt.datetime) -> int:
    if isinstance(d, dt.datetime):
        if d.tzinfo is None:
            d = d.replace(tzinfo=dt.UTC)
        return int(d.timestamp())
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def iso(ts: int) -> str:
    return dt.datetime.fromtimestamp(int(ts), dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


class TzTable:
    """UTC offsets (seconds) per time zone and UTC hour over a time range."""

    def __init__(self, names: list[str], t_from: int, t_to: int):
        self.names = list(names)
        self.index = {n: i for i, n in enumerate(self.names)}
        self.h0 = t_from // HOUR - 48
        nh = (t_to - t_from) // HOUR + 96
        nd = nh // 24 + 2
        self.nh = nh
        offs = np.zeros((len(self.names), nd * 24), dtype=np.int64)
        for i, name in enumerate(self.names):
            z = ZoneInfo(name)
            daily = np.array(
                [
                    int(
                        dt.datetime.fromtimestamp((self.h0 + 24 * d) * HOUR, z)
                        .utcoffset()
                        .total_seconds()
                    )
                    for d in range(nd + 1)
                ]
            )
            offs[i] = np.repeat(daily[:-1], 24)
            for d in np.nonzero(daily[:-1] != daily[1:])[0]:
                for h in range(24):
                    hh = self.h0 + 24 * int(d) + h
                    offs[i, 24 * int(d) + h] = int(
                        dt.datetime.fromtimestamp(hh * HOUR, z)
                        .utcoffset()
                        .total_seconds()
                    )
        self.offs = offs[:, :nh]

    def offset(self, tz_idx: np.ndarray, utc: np.ndarray) -> np.ndarray:
        h = np.clip(utc // HOUR - self.h0, 0, self.nh - 1)
        return self.offs[tz_idx, h]

    def to_local(self, utc: np.ndarray, tz_idx: np.ndarray) -> np.ndarray:
        return utc + self.offset(tz_idx, utc)

    def to_utc(self, local: np.ndarray, tz_idx: np.ndarray) -> np.ndarray:
        approx = local - self.offset(tz_idx, local)
        return local - self.offset(tz_idx, approx)


@dataclass
class Ctx:
    scale: float
    seed: int
    start: dt.date
    end: dt.date
    S: int = 0
    E: int = 0
    tz: TzTable | None = None
    notes: dict = field(default_factory=dict)

    def __post_init__(self):
        self.S = epoch_seconds(self.start)
        self.E = epoch_seconds(self.end + dt.timedelta(days=1))
        self.day0 = self.S // DAY
        self.day1 = self.E // DAY
        names = []
        for zones in C.REP_TIME_ZONES.values():
            names += zones
        for row in C.COUNTRIES:
            names += row[4]
        names = list(dict.fromkeys(names))
        self.tz = TzTable(names, self.S - 30 * DAY, self.E + 200 * DAY)

    def rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def pyrng(self, name: str) -> random.Random:
        return random.Random(self.seed * 1_000_003 + zlib.crc32(name.encode()))

    def scaled(self, base: float, minimum: int = 1) -> int:
        return max(minimum, int(round(base * self.scale)))


# --------------------------------------------------------------------------------------
# Calendar helpers (days are int days since the epoch)
# --------------------------------------------------------------------------------------
def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0."""
    return (np.asarray(days) + 3) % 7


def month0(days: np.ndarray) -> np.ndarray:
    """Month of year, 0-based."""
    m = (
        np.asarray(days)
        .astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype(np.int64)
    )
    return m % 12


def month_serial(secs: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of a timestamp."""
    return (
        (np.asarray(secs) // DAY)
        .astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype(np.int64)
    )


def day_of_month(days: np.ndarray) -> np.ndarray:
    d = np.asarray(days).astype("datetime64[D]")
    return (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1


def season_factor(ctx: Ctx, days: np.ndarray, quarter_push: float = 1.12) -> np.ndarray:
    """Business seasonality: month factors, quarter-end pushes, growth over time."""
    days = np.asarray(days)
    m = month0(days)
    f = np.asarray(C.MONTH_FACTOR)[m]
    dom = day_of_month(days)
    quarter_end = np.isin(m, [2, 5, 8]) & (dom >= 16)
    f = np.where(quarter_end, f * quarter_push, f)
    years = (days - (ctx.day0 + ctx.day1) / 2) / 365.25  # growth, centred on the middle
    f = f * (1.0 + C.ANNUAL_GROWTH) ** years
    # Christmas to New Year is almost dead
    dec_holiday = ((m == 11) & (dom >= 24)) | ((m == 0) & (dom == 1))
    return np.where(dec_holiday, f * 0.15, f)


def sample_days(
    rng: np.random.Generator,
    n: int,
    day_from: int,
    day_to: int,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    span = day_to - day_from
    if span <= 0:
        return np.full(n, day_from, dtype=np.int64)
    if weights is None:
        return day_from + rng.integers(0, span, n)
    p = np.asarray(weights, dtype=float)
    p = p / p.sum()
    return day_from + rng.choice(span, size=n, p=p)


def business_day_weights(
    ctx: Ctx, day_from: int, day_to: int, weekend: float = 0.1
) -> np.ndarray:
    days = np.arange(day_from, day_to)
    w = season_factor(ctx, days)
    wd = weekday(days)
    return np.where(wd >= 5, w * weekend, w)


def work_seconds(
    rng: np.random.Generator, n: int, hour_weights=None, start_hour=None
) -> np.ndarray:
    """Seconds after local midnight within working hours."""
    hw = np.asarray(
        C.WORK_HOUR_WEIGHTS if hour_weights is None else hour_weights, float
    )
    sh = C.WORK_HOUR_START if start_hour is None else start_hour
    hours = sh + rng.choice(len(hw), size=n, p=hw / hw.sum())
    return hours * HOUR + rng.integers(0, HOUR, n)


def shift_weekend(days: np.ndarray) -> np.ndarray:
    wd = weekday(days)
    return days + np.where(wd == 5, -1, np.where(wd == 6, 1, 0))


def snap_to_work(
    ctx: Ctx,
    rng: np.random.Generator,
    utc: np.ndarray,
    tz_idx: np.ndarray,
    hour_weights=None,
) -> np.ndarray:
    """Move times to a working-hour moment of the same local (week)day."""
    local = ctx.tz.to_local(utc, tz_idx)
    days = shift_weekend(local // DAY)
    new_local = days * DAY + work_seconds(rng, len(utc), hour_weights)
    return ctx.tz.to_utc(new_local, tz_idx)


def round_up(ts: np.ndarray, step: int) -> np.ndarray:
    return -(-ts // step) * step


def lognormal_seconds(rng, n, median, sigma, lo=None, hi=None):
    x = median * np.exp(sigma * rng.standard_normal(n))
    if lo is not None or hi is not None:
        x = np.clip(x, lo, hi)
    return x.astype(np.int64)
