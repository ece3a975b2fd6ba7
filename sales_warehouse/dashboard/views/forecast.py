"""Forecast: the forecast categories against quota for the current and next month and
fiscal quarter, the pipeline waterfall of the period, and how accurate each forecast
method has been in the backtest (SPEC §8, docs/forecast.md)."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from sales_warehouse.dashboard import common as c
except ModuleNotFoundError:  # `streamlit run` from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from sales_warehouse.dashboard import common as c

import altair as alt
import pandas as pd
import streamlit as st

# the sidebar's period types -> fct_pipeline_movements' and the backtest's
MOVEMENT_PERIOD_TYPES = {"month": "month", "quarter": "fiscal_quarter"}
PERIOD_NAMES = {"month": "month", "fiscal_quarter": "fiscal quarter"}
# the waterfall's lines in order: (label, column, sign); None = a total bar
WATERFALL = [
    ("Opening", "opening", None),
    ("Created", "created", 1),
    ("Increased", "increased", 1),
    ("Decreased", "decreased", -1),
    ("Reopened", "reopened", 1),
    ("Won", "won", -1),
    ("Lost", "lost", -1),
    ("Moved in", "moved_in", 1),
    ("Moved out", "moved_out", -1),
    ("Closing", "closing", None),
]
COUNTED = [
    column for _, column, _ in WATERFALL if column not in ("increased", "decreased")
]
MONEY = st.column_config.NumberColumn(format="%,.0f")


def forecast_periods(f: c.Filters) -> pd.DataFrame:
    """The fct_forecast_categories rows of the scope: the current and next month and
    fiscal quarter as of the as-of date (current quarter first)."""
    scope, scope_id = f.scope
    return c.query(
        """
        select *
        from marts.fct_forecast_categories
        where scope = ? and scope_id = ?
        order by
            case period_type when 'fiscal_quarter' then 0 else 1 end,
            period_start
    """,
        [scope, scope_id],
    )


def period_label(row, as_of) -> str:
    when = "current" if row.period_start <= as_of <= row.period_end else "next"
    return (
        f"{when.capitalize()} {PERIOD_NAMES[row.period_type]} "
        f"(from {row.period_start:%b %Y})"
    )


def categories_section(f: c.Filters) -> None:
    st.subheader("Forecast vs quota")
    periods = forecast_periods(f)
    if periods.empty:
        st.info(
            "No open pipeline, bookings or quota in the coming periods for this scope."
        )
        return
    periods["period_start"] = pd.to_datetime(periods["period_start"]).dt.date
    periods["period_end"] = pd.to_datetime(periods["period_end"]).dt.date
    labels = [period_label(row, f.as_of) for row in periods.itertuples()]
    if st.session_state.get("forecast_period") not in labels:
        st.session_state.pop("forecast_period", None)
    label = st.selectbox("Forecast period", labels, key="forecast_period")
    row = {k: c._clean(v) for k, v in periods.iloc[labels.index(label)].items()}
    c.metric_row(
        [
            (
                "Won so far",
                c.fmt_money(row["won_amount"]),
                "bookings up to the as-of date",
            ),
            (
                "Commit forecast",
                c.fmt_money(row["commit_forecast_amount"]),
                "won + commit",
            ),
            (
                "Best-case forecast",
                c.fmt_money(row["best_case_forecast_amount"]),
                "commit forecast + best case",
            ),
            (
                "Open pipeline closing",
                c.fmt_money(row["open_pipeline_amount"]),
                "open deals with a close date in the period, every category",
            ),
            (
                "Weighted pipeline closing",
                c.fmt_money(row["weighted_pipeline_amount"]),
                "their amount × the stage's default probability",
            ),
            ("Quota", c.fmt_money(row["quota"]), "bookings goal of the scope"),
            ("Quota left", c.fmt_money(row["quota_left"]), "quota − won so far"),
            (
                "Pipeline coverage",
                c.fmt_multiple(row["pipeline_coverage"]),
                "open pipeline closing in the period ÷ quota left",
            ),
            ("Commit (open)", c.fmt_money(row["commit_amount"]), None),
            ("Best case (open)", c.fmt_money(row["best_case_amount"]), None),
        ]
    )
    bars = pd.DataFrame(
        {
            "amount": [
                row["won_amount"],
                row["commit_forecast_amount"],
                row["best_case_forecast_amount"],
                (row["won_amount"] or 0) + (row["open_pipeline_amount"] or 0),
                row["quota"],
            ]
        },
        index=[
            "won so far",
            "commit forecast",
            "best-case forecast",
            "won + open pipeline",
            "quota",
        ],
    ).astype(float)
    st.bar_chart(bars, horizontal=True, sort=False)
    st.caption(
        f"Open deals as they stood at the end of {f.as_of:%Y-%m-%d}, in the period of "
        "their close date, by forecast category; an overdue deal is in no period."
    )
    st.dataframe(
        periods.assign(period=labels)[
            [
                "period",
                "won_amount",
                "commit_amount",
                "best_case_amount",
                "pipeline_amount",
                "omitted_amount",
                "commit_forecast_amount",
                "best_case_forecast_amount",
                "open_pipeline_amount",
                "weighted_pipeline_amount",
                "quota",
                "quota_left",
                "pipeline_coverage",
            ]
        ],
        hide_index=True,
        column_config={
            column: MONEY
            for column in periods.columns
            if column.endswith("_amount") or column.startswith("quota")
        }
        | {"pipeline_coverage": st.column_config.NumberColumn(format="%.2fx")},
    )


def waterfall(f: c.Filters) -> dict:
    """The fct_pipeline_movements rows of the period and scope, summed (every line is
    additive over reps; a row's identity holds, so the sum's holds)."""
    where, params = f.where(rep="rep_id")
    columns = [f"sum({name}_count) as {name}_count" for name in COUNTED] + [
        f"sum({name}_amount) as {name}_amount" for _, name, _ in WATERFALL
    ]
    return c.one(
        f"""
        select count(*) as reps, {", ".join(columns)}
        from marts.fct_pipeline_movements
        where period_type = ? and period_start = ? and {where}
    """,
        [MOVEMENT_PERIOD_TYPES[f.period_type], f.period_start, *params],
    )


def waterfall_chart(row: dict) -> alt.Chart:
    steps, level = [], 0.0
    for order, (label, column, sign) in enumerate(WATERFALL):
        amount = float(row[f"{column}_amount"] or 0)
        if sign is None:
            start, end, kind = 0.0, amount, "total"
        else:
            start, end = level, level + sign * amount
            kind = "adds" if sign > 0 else "removes"
        level = end
        steps.append(
            {"order": order, "line": label, "start": start, "end": end, "kind": kind}
            | {"amount": amount}
        )
    return (
        alt.Chart(pd.DataFrame(steps))
        .mark_bar()
        .encode(
            x=alt.X("line:N", sort=[label for label, _, _ in WATERFALL], title=None),
            y=alt.Y("start:Q", title="open pipeline"),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["total", "adds", "removes"],
                    range=["#4c78a8", "#54a24b", "#e45756"],
                ),
                title=None,
            ),
            tooltip=["line:N", alt.Tooltip("amount:Q", format=",.0f")],
        )
    )


def waterfall_section(f: c.Filters) -> None:
    st.subheader("Pipeline waterfall")
    if f.period_type not in MOVEMENT_PERIOD_TYPES:
        st.info(
            "The waterfall is per month and fiscal quarter: choose one of them as the "
            "period type."
        )
        return
    row = waterfall(f)
    if not row.get("reps"):
        st.info("No pipeline in the period for this scope.")
        return
    c.metric_row(
        [
            (
                "Opening pipeline",
                c.fmt_money(row["opening_amount"]),
                f"{c.fmt_count(row['opening_count'])} open deals at the start of "
                f"{f.period_start:%Y-%m-%d}",
            ),
            ("Created", c.fmt_money(row["created_amount"]), None),
            ("Won", c.fmt_money(row["won_amount"]), None),
            ("Lost", c.fmt_money(row["lost_amount"]), None),
            (
                "Closing pipeline",
                c.fmt_money(row["closing_amount"]),
                f"{c.fmt_count(row['closing_count'])} open deals at the end of "
                f"{f.through:%Y-%m-%d}",
            ),
        ]
    )
    st.altair_chart(waterfall_chart(row), width="stretch")
    st.caption(
        "Opening + created + increased − decreased + reopened − won − lost + moved in "
        "− moved out = closing; every amount at the FX rate of the period's first "
        "month, so the lines add up exactly."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "line": label,
                    "deals": row.get(f"{column}_count"),
                    "amount": row[f"{column}_amount"],
                }
                for label, column, _ in WATERFALL
            ]
        ),
        hide_index=True,
        column_config={"amount": MONEY},
    )


def accuracy(f: c.Filters, period_type: str) -> pd.DataFrame:
    """Mean absolute percentage error per method and days into the period over the
    backtest rows of the scope (fct_forecast_accuracy's definition: the mean of the
    non-null APEs, i.e. Σ APE ÷ their count; for the company it is that mart's row)."""
    scope, scope_id = f.scope
    return c.query(
        """
        select
            method,
            days_into_period,
            count(absolute_percentage_error) as periods_scored,
            avg(absolute_percentage_error) as mean_absolute_percentage_error,
            avg(error_amount) as mean_error_amount
        from marts.fct_forecast_backtest
        where period_type = ? and scope = ? and scope_id = ?
        group by 1, 2
        order by 1, 2
    """,
        [period_type, scope, scope_id],
    )


def accuracy_section(f: c.Filters) -> None:
    period_type = MOVEMENT_PERIOD_TYPES.get(f.period_type, "fiscal_quarter")
    st.subheader(f"Forecast accuracy (backtest, per {PERIOD_NAMES[period_type]})")
    table = accuracy(f, period_type)
    if table.empty or table.periods_scored.sum() == 0:
        st.info("No complete period with bookings to backtest for this scope.")
        return
    overall = c.query(
        """
        select method, avg(absolute_percentage_error) as mape
        from marts.fct_forecast_backtest
        where period_type = ? and scope = ? and scope_id = ?
        group by 1
        order by 2 nulls last, 1
    """,
        [period_type, *f.scope],
    )
    c.metric_row(
        [
            (
                f"MAPE {row.method}",
                c.fmt_rate(c._clean(row.mape)),
                "mean |forecast − actual| ÷ actual over every checkpoint",
            )
            for row in overall.itertuples()
        ]
    )
    chart = table.pivot(
        index="days_into_period",
        columns="method",
        values="mean_absolute_percentage_error",
    )
    st.line_chart(chart, x_label="days into the period", y_label="MAPE")
    st.caption(
        "Each method's forecast as of each checkpoint (the period's first day and "
        "every Monday) against the period's actual bookings, over every complete "
        "period; lower is better. A method learns only from what was known at its "
        "checkpoint (docs/forecast.md)."
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "mean_absolute_percentage_error": st.column_config.NumberColumn(
                format="percent"
            ),
            "mean_error_amount": MONEY,
        },
    )


def render() -> None:
    st.set_page_config(page_title="Forecast", layout="wide")
    f = c.sidebar_filters(
        applies={
            "Period": "applies to the waterfall and the accuracy's period type; the "
            "forecast is for the current and next periods of the as-of date",
            "Channel, segment": "not applied here (forecasts are per rep, team or "
            "company)",
        }
    )
    c.page_header("Forecast", f)
    categories_section(f)
    waterfall_section(f)
    accuracy_section(f)


if c.require_warehouse():
    with c.snapshot():
        render()
