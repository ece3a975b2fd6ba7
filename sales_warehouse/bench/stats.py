"""Statistics of the benchmark: medians with min and max, the log-log slope of cost
against scale, and time per million raw rows. Pure functions, unit-tested with
hand-computed numbers (tests/python/test_bench.py)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence


def summarize(values: Iterable[float | None]) -> dict | None:
    """Median, min, max and count of the measured values (``None`` = not measured).

    Returns ``None`` when nothing was measured."""
    measured = [float(v) for v in values if v is not None]
    if not measured:
        return None
    return {
        "median": statistics.median(measured),
        "min": min(measured),
        "max": max(measured),
        "n": len(measured),
    }


def loglog_slope(scales: Sequence[float], seconds: Sequence[float]) -> float | None:
    """Least-squares slope of log(seconds) against log(scale).

    1.0 means cost grows linearly with scale, below 1 sub-linearly (fixed costs
    dominate), above 1 super-linearly. ``None`` with fewer than two distinct scales or
    a non-positive value."""
    pairs = [
        (s, t)
        for s, t in zip(scales, seconds, strict=True)
        if s is not None and t is not None
    ]
    if len({s for s, _ in pairs}) < 2 or any(s <= 0 or t <= 0 for s, t in pairs):
        return None
    xs = [math.log(s) for s, _ in pairs]
    ys = [math.log(t) for _, t in pairs]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx


def seconds_per_million_rows(seconds: float | None, rows: int | None) -> float | None:
    """Seconds per million raw rows, ``None`` when either is unknown or rows is 0."""
    if seconds is None or not rows:
        return None
    return seconds / (rows / 1_000_000)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, ``None`` when either is unknown or the denominator 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def median_ranking(
    per_run: Sequence[dict[str, float]], top: int | None = 10
) -> list[dict]:
    """Nodes ranked by their median time over the runs (a node missing from a run does
    not count in that run): ``[{"node", "median", "min", "max", "n"}]``, slowest
    first, at most ``top`` (all with ``None``); ties by name."""
    names = sorted({name for run in per_run for name in run})
    ranked = []
    for name in names:
        summary = summarize(run.get(name) for run in per_run)
        if summary is not None:
            ranked.append({"node": name, **summary})
    ranked.sort(key=lambda item: (-item["median"], item["node"]))
    return ranked[:top]
