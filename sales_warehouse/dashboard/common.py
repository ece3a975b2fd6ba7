"""What every dashboard page shares: the read-only warehouse, the filters, the as-of
line and the number formats.

Rules (SPEC §3 "two dashboards must never disagree on a number"):
* the marts are read, never written: one read-only DuckDB connection per page run
  (`snapshot`), so a refresh can swap the warehouse file at any time: the page being
  drawn keeps its file, the next run opens the new one;
* no KPI is recomputed in Python: a number is a mart column, a sum of additive mart
  columns, or a ratio of such sums exactly as the mart's doc block defines it (done in
  the SQL below, with `nullif` where the mart's `safe_divide` gives null);
* every page states the as-of date the KPIs are computed for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from . import PAGES, REPO  # noqa: F401  (PAGES: the navigation order)

ALL = "All"
PERIOD_TYPES = {"month": "Month", "quarter": "Fiscal quarter", "year": "Fiscal year"}


# --------------------------------------------------------------------------------------
# Warehouse access (read-only, a connection per query)
def warehouse_path() -> Path:
    path = Path(os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb"))
    return path if path.is_absolute() else (REPO / path)


def _version(path: Path) -> tuple[int, int]:
    """Identity of the file now serving: a refresh swaps in a new inode."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


_snapshot: ContextVar[tuple | None] = ContextVar("warehouse_snapshot", default=None)


@contextlib.contextmanager
def snapshot():
    """One read-only connection for a whole page run, so that every number on the
    page comes from the same warehouse file even when a refresh swaps it meanwhile
    (the connection keeps reading the file it opened; the next run opens the new
    one). Nothing is held between runs."""
    path = warehouse_path()
    for _ in range(5):
        version = _version(path)
        con = duckdb.connect(str(path), read_only=True)
        if _version(path) == version:  # not swapped while connecting
            break
        con.close()
    token = _snapshot.set((str(path), version, con))
    try:
        yield
    finally:
        _snapshot.reset(token)
        con.close()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(
    path: str, version: tuple[int, int], sql: str, params: tuple, _con=None
) -> pd.DataFrame:
    if _con is not None:
        return _con.execute(sql, list(params)).df()
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(sql, list(params)).df()


def query(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """Run `sql` on the warehouse now serving (cached until the file is swapped)."""
    current = _snapshot.get()
    if current is not None:
        path, version, con = current
        return _cached_query(path, version, sql, tuple(params), _con=con)
    path = warehouse_path()
    return _cached_query(str(path), _version(path), sql, tuple(params))


def scalar(sql: str, params: list | tuple = ()):
    frame = query(sql, params)
    return None if frame.empty else _clean(frame.iat[0, 0])


def one(sql: str, params: list | tuple = ()) -> dict:
    frame = query(sql, params)
    return {} if frame.empty else {k: _clean(v) for k, v in frame.iloc[0].items()}


def _clean(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


# --------------------------------------------------------------------------------------
# Formats (the AppTest compares displayed strings with these formats of mart numbers)
def fmt_money(value) -> str:
    return "n/a" if value is None else f"{float(value):,.0f}"


def fmt_count(value) -> str:
    return "n/a" if value is None else f"{float(value):,.0f}"


def fmt_rate(value) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.1f}%"


def fmt_days(value) -> str:
    return "n/a" if value is None else f"{float(value):,.1f} d"


def fmt_number(value, decimals: int = 1) -> str:
    return "n/a" if value is None else f"{float(value):,.{decimals}f}"


def fmt_multiple(value) -> str:
    """A multiple such as pipeline coverage (open pipeline ÷ quota left): 4.70x."""
    return "n/a" if value is None else f"{float(value):,.2f}x"


def fmt_hours(seconds) -> str:
    return "n/a" if seconds is None else f"{float(seconds) / 3600:,.1f} h"


# --------------------------------------------------------------------------------------
# Filters
@dataclass(frozen=True)
class Filters:
    period_type: str
    period_start: dt.date
    period_end: dt.date
    period_label: str
    team_id: str | None
    rep_id: str | None
    channel: str | None
    segment: str | None
    as_of: dt.date

    @property
    def scope(self) -> tuple[str, str]:
        """(scope, scope_id) of the marts that have one: the narrowest filter."""
        if self.rep_id:
            return "rep", self.rep_id
        if self.team_id:
            return "team", self.team_id
        return "company", "company"

    @property
    def through(self) -> dt.date:
        """Last day with data in the period: its end, or the as-of date."""
        return min(self.period_end, self.as_of)

    def where(
        self,
        *,
        rep: str | None = None,
        team: str | None = "team_id",
        channel: str | None = None,
        segment: str | None = None,
        table: str = "",
    ) -> tuple[str, list]:
        """SQL conditions (and parameters) for the team / rep / channel / segment
        filters on a mart's own columns (None: the mart has no such column)."""
        prefix = f"{table}." if table else ""
        clauses, params = [], []
        for column, value in (
            (team, self.team_id),
            (rep, self.rep_id),
            (channel, self.channel),
            (segment, self.segment),
        ):
            if column and value:
                clauses.append(f"{prefix}{column} = ?")
                params.append(value)
        return (" and ".join(clauses) or "true"), params


def as_of_date() -> dt.date:
    return pd.Timestamp(
        scalar("select date_day from marts.dim_date where is_as_of_date")
    ).date()


def _periods(period_type: str) -> pd.DataFrame:
    column = {
        "month": "month_start",
        "quarter": "quarter_start",
        "year": "fiscal_year_start",
    }[period_type]
    return query(f"""
        with periods as (
            select
                {column} as period_start,
                max(date_day) as period_end,
                max(year) as fiscal_year,
                min(fiscal_year_start) as fiscal_year_start,
                bool_or(date_day <= (select date_day from marts.dim_date
                                     where is_as_of_date)) as has_data
            from marts.dim_date
            group by 1
        )
        select
            period_start,
            period_end,
            fiscal_year,
            dense_rank() over (partition by fiscal_year_start
                               order by period_start) as number_in_year
        from periods
        where has_data
        order by period_start desc
    """)


def _period_label(period_type: str, row) -> str:
    start = pd.Timestamp(row.period_start)
    if period_type == "month":
        return start.strftime("%b %Y")
    if period_type == "quarter":
        return f"FY{row.fiscal_year} Q{row.number_in_year} (from {start:%b %Y})"
    return f"FY{row.fiscal_year} (from {start:%b %Y})"


def _keep(key: str) -> None:
    """Carry a filter's value across pages (widget state is per page otherwise)."""
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]


def sidebar_filters(*, applies: dict[str, str] | None = None) -> Filters:
    """The five filters (period, team, rep, channel, segment) in the sidebar. `applies`
    maps a filter to a note when this page applies it only partly (or not)."""
    for key in (
        "f_period_type",
        "f_period",
        "f_team",
        "f_rep",
        "f_channel",
        "f_segment",
    ):
        _keep(key)
    side = st.sidebar
    side.header("Filters")
    if "f_period_type" not in st.session_state:
        st.session_state["f_period_type"] = "quarter"
    period_type = side.selectbox(
        "Period type",
        list(PERIOD_TYPES),
        format_func=PERIOD_TYPES.get,
        key="f_period_type",
    )
    periods = _periods(period_type)
    labels = [_period_label(period_type, row) for row in periods.itertuples()]
    if st.session_state.get("f_period") not in labels:
        st.session_state.pop("f_period", None)
    label = side.selectbox("Period", labels, key="f_period")
    chosen = periods.iloc[labels.index(label)]

    teams = query("""
        select team_id, min(team_name) as team_name
        from marts.dim_reps group by 1 order by 2
    """)
    team_names = dict(zip(teams.team_id, teams.team_name))
    team = side.selectbox(
        "Team",
        [ALL, *teams.team_id],
        key="f_team",
        format_func=lambda t: t if t == ALL else f"{team_names[t]} ({t})",
    )
    reps = query(
        f"""
        select rep_id, rep_name from marts.dim_reps
        where {"team_id = ?" if team != ALL else "true"}
        order by rep_name
    """,
        [team] if team != ALL else [],
    )
    rep_names = dict(zip(reps.rep_id, reps.rep_name))
    if st.session_state.get("f_rep") not in (ALL, *reps.rep_id):
        st.session_state.pop("f_rep", None)
    rep = side.selectbox(
        "Rep",
        [ALL, *reps.rep_id],
        key="f_rep",
        format_func=lambda r: r if r == ALL else f"{rep_names[r]} ({r})",
    )
    channels = query("select distinct channel from marts.dim_lead_sources order by 1")
    channel = side.selectbox("Channel", [ALL, *channels.channel], key="f_channel")
    segments = query("select distinct segment from marts.dim_accounts order by 1")
    segment = side.selectbox("Segment", [ALL, *segments.segment], key="f_segment")
    for name, note in (applies or {}).items():
        side.caption(f"{name}: {note}")
    return Filters(
        period_type=period_type,
        period_start=pd.Timestamp(chosen.period_start).date(),
        period_end=pd.Timestamp(chosen.period_end).date(),
        period_label=label,
        team_id=None if team == ALL else team,
        rep_id=None if rep == ALL else rep,
        channel=None if channel == ALL else channel,
        segment=None if segment == ALL else segment,
        as_of=as_of_date(),
    )


NO_DATA = "no data from this source"


def empty_raw_tables() -> set[str]:
    """Raw tables that staged no row: a source the company does not have (SPEC §6).
    Their KPIs read NO_DATA instead of zeros."""
    try:
        frame = query(
            "select raw_table from audit.audit_row_counts where staged_rows = 0"
        )
    except duckdb.Error:  # a warehouse built before the audit layer had it
        return set()
    return set(frame["raw_table"])


def from_source(raw_table: str, text: str) -> str:
    """`text`, or NO_DATA when `raw_table` delivered nothing."""
    return NO_DATA if raw_table in empty_raw_tables() else text


def source_notice() -> None:
    """Which source systems the warehouse has no data from, on every page."""
    try:
        frame = query(
            "select source_system, is_switched_off from "
            "audit.audit_source_systems where not has_data order by 1"
        )
    except duckdb.Error:
        return
    if not frame.empty:
        names = ", ".join(
            f"{row.source_system}" + (" (switched off)" if row.is_switched_off else "")
            for row in frame.itertuples()
        )
        st.info(
            f'No data from {names}: what they feed reads "{NO_DATA}", '
            'never zero (README, "Use your own data").'
        )


def page_header(title: str, filters: Filters) -> None:
    st.title(title)
    path = warehouse_path()
    built = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    scope, scope_id = filters.scope
    st.caption(
        f"**As of {filters.as_of:%Y-%m-%d}**: every KPI counts data up to this date "
        f"(dbt var `as_of_date`). Period: {filters.period_label}, "
        f"{filters.period_start:%Y-%m-%d} to {filters.period_end:%Y-%m-%d}. "
        f"Scope: {scope if scope == 'company' else f'{scope} {scope_id}'}. "
        f"Warehouse `{path.name}` built {built:%Y-%m-%d %H:%M} UTC."
    )
    source_notice()


def require_warehouse() -> bool:
    path = warehouse_path()
    if not path.exists():
        st.error(f"No warehouse at {path}: run `make build` (or `make refresh`) first.")
        return False
    return True


def metric_row(items: list[tuple[str, str, str | None]], per_row: int = 5) -> None:
    """Rows of st.metric: (label, formatted value, help), at most `per_row` a row."""
    for start in range(0, len(items), per_row):
        chunk = items[start : start + per_row]
        for column, (label, value, help_text) in zip(st.columns(per_row), chunk):
            column.metric(label, value, help=help_text)
