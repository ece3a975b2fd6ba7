"""Funnel: stage counts, cohort conversion, win rate and slices, opportunity stages,
first-touch attribution."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from sales_warehouse.dashboard import common as c
    from sales_warehouse.dashboard import sales_ops
except ModuleNotFoundError:  # `streamlit run` from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from sales_warehouse.dashboard import common as c
    from sales_warehouse.dashboard import sales_ops

import streamlit as st

STAGES = ["lead", "mql", "sal", "sql", "opportunity", "won"]
SLICES = {
    "channel": "Channel",
    "segment": "Segment",
    "region": "Region",
    "team_id": "Team",
    "lead_source": "Lead source",
    "product_family": "Product family",
    "is_new_customer": "New customer",
}


def stage_counts(f: c.Filters):
    where, params = f.where(rep="owner_rep_id", channel="channel", segment="segment")
    return c.query(
        f"""
        select funnel_stage, funnel_stage_order, sum(leads) as leads
        from marts.fct_funnel_stage_counts_daily
        where date_day between ? and ? and {where}
        group by 1, 2
        order by 2
    """,
        [f.period_start, f.period_end, *params],
    )


def outcomes(f: c.Filters, group_by: str | None = None):
    where, params = f.where(rep="owner_rep_id", channel="channel", segment="segment")
    key = f"{group_by}," if group_by else ""
    return c.query(
        f"""
        select
            {key}
            sum(won_opportunities) as won,
            sum(lost_opportunities) as lost,
            sum(closed_opportunities) as closed,
            sum(won_amount) as won_amount,
            sum(won_opportunities) * 1.0
                / nullif(sum(won_opportunities + lost_opportunities), 0) as win_rate,
            sum(sales_cycle_days_sum) * 1.0
                / nullif(sum(sales_cycle_opportunities), 0) as avg_sales_cycle_days
        from marts.fct_opportunity_outcomes_monthly
        where close_month between ? and ? and {where}
        {f"group by {group_by} order by won_amount desc nulls last" if group_by else ""}
    """,
        [f.period_start, f.period_end, *params],
    )


def stage_conversions(mart: str, f: c.Filters, *, by_cohort: bool, **columns):
    """Stage-to-stage conversion of a cohort mart (one row per record and stage
    reached): reached, converted, their ratio and the median days, per step (and per
    cohort month when by_cohort)."""
    where, params = f.where(**columns)
    cohort = "cohort_month," if by_cohort else ""
    return c.query(
        f"""
        select
            {cohort}
            from_stage || ' → ' || to_stage as step,
            min(from_stage_order) as step_order,
            count(*) as reached,
            sum(case when is_converted then 1 else 0 end) as converted,
            sum(case when is_converted then 1 else 0 end) * 1.0 / count(*)
                as conversion,
            median(days_to_next_stage) as median_days
        from marts.{mart}
        where cohort_month between ? and ? and {where}
        group by {cohort} step
        order by {cohort} step_order
    """,
        [f.period_start, f.period_end, *params],
    )


def render() -> None:
    st.set_page_config(page_title="Funnel", layout="wide")
    f = c.sidebar_filters()
    c.page_header("Funnel", f)

    counts = stage_counts(f)
    by_stage = dict(zip(counts.funnel_stage, counts.leads))
    outcome = outcomes(f).iloc[0].to_dict()
    outcome = {k: c._clean(v) for k, v in outcome.items()}
    c.metric_row(
        [
            (
                "Leads created",
                c.from_source("crm_leads", c.fmt_count(by_stage.get("lead", 0))),
                None,
            ),
            (
                "MQLs",
                c.from_source("crm_leads", c.fmt_count(by_stage.get("mql", 0))),
                None,
            ),
            (
                "SQLs",
                c.from_source("crm_leads", c.fmt_count(by_stage.get("sql", 0))),
                None,
            ),
            (
                "Opportunities (from leads)",
                c.fmt_count(by_stage.get("opportunity", 0)),
                None,
            ),
            ("Won customers (from leads)", c.fmt_count(by_stage.get("won", 0)), None),
        ]
    )
    c.metric_row(
        [
            ("Deals won", c.fmt_count(outcome["won"] or 0), None),
            ("Deals lost", c.fmt_count(outcome["lost"] or 0), None),
            (
                "Win rate",
                c.fmt_rate(outcome["win_rate"]),
                "won ÷ (won + lost) over deals closed in the period (open deals do not "
                "count)",
            ),
            (
                "Mean sales cycle",
                c.fmt_days(outcome["avg_sales_cycle_days"]),
                "days from first contact to close, closed deals of the period",
            ),
            (
                "Stuck opportunities",
                c.fmt_count(stuck_opportunities(f)),
                "open and in the same stage longer than var stuck_opportunity_days, now",
            ),
        ]
    )

    st.subheader("Stage chart")
    st.caption(
        "Leads that first reached each stage in the period (skipped stages "
        "implied); disqualified leads stop where they are."
    )
    chart = counts[counts.funnel_stage.isin(STAGES)].set_index("funnel_stage")
    st.bar_chart(
        chart.reindex(STAGES).fillna(0)[["leads"]], horizontal=True, sort=False
    )

    st.subheader("Cohort conversion")
    st.caption(
        "Of the leads created in a month of the period that reached a stage, "
        "the share that reached the next, and the median days between them."
    )
    cohorts = stage_conversions(
        "fct_lead_stage_conversions",
        f,
        by_cohort=True,
        rep="owner_rep_id",
        channel="channel",
        segment="segment",
    )
    if cohorts.empty:
        st.info(c.from_source("crm_leads", "No lead cohort in the period."))
    else:
        st.dataframe(
            cohorts.drop(columns="step_order"),
            hide_index=True,
            column_config={
                "cohort_month": st.column_config.DateColumn(
                    "Cohort", format="MMM YYYY"
                ),
                "conversion": st.column_config.NumberColumn(format="percent"),
                "median_days": st.column_config.NumberColumn(format="%.1f"),
            },
        )

    st.subheader("Slices")
    slice_by = st.selectbox(
        "Win rate and bookings by",
        list(SLICES),
        format_func=SLICES.get,
        key="funnel_slice",
    )
    sliced = outcomes(f, slice_by)
    st.dataframe(
        sliced,
        hide_index=True,
        column_config={
            "win_rate": st.column_config.NumberColumn("win rate", format="percent"),
            "won_amount": st.column_config.NumberColumn("bookings", format="%,.0f"),
            "avg_sales_cycle_days": st.column_config.NumberColumn(
                "mean sales cycle (d)", format="%.1f"
            ),
        },
    )

    st.subheader("Opportunity stages")
    left, right = st.columns(2)
    stage_conv = stage_conversions(
        "fct_opportunity_stage_conversions",
        f,
        by_cohort=False,
        rep="owner_rep_id",
        channel="channel",
        segment="segment",
    )
    left.caption(
        "Stage-to-stage conversion of the opportunities created in the period."
    )
    left.dataframe(
        stage_conv.drop(columns="step_order"),
        hide_index=True,
        column_config={"conversion": st.column_config.NumberColumn(format="percent")},
    )
    opp_where, opp_params = f.where(
        rep="owner_rep_id", channel="channel", segment="segment", table="opportunities"
    )
    spans = c.query(
        f"""
        select
            spans.stage_name,
            min(spans.stage_order) as stage_order,
            count(spans.days_in_stage) as visits,
            avg(spans.days_in_stage) as mean_days,
            median(spans.days_in_stage) as median_days
        from marts.fct_opportunity_stage_spans as spans
        inner join marts.fct_opportunities as opportunities
            on spans.opportunity_id = opportunities.opportunity_id
        where spans.entered_at >= ? and spans.entered_at < ? + interval 1 day
            and spans.stage_category = 'open' and {opp_where}
        group by 1
        order by 2
    """,
        [f.period_start, f.period_end, *opp_params],
    )
    right.caption(
        "Time in each stage, stage visits entered in the period (repeats "
        "and backward moves are their own visits)."
    )
    right.dataframe(
        spans.drop(columns="stage_order"),
        hide_index=True,
        column_config={
            "mean_days": st.column_config.NumberColumn(format="%.1f"),
            "median_days": st.column_config.NumberColumn(format="%.1f"),
        },
    )
    sales_ops.first_touch_attribution(f)


def stuck_opportunities(f: c.Filters) -> int:
    where, params = f.where(rep="owner_rep_id", channel="channel", segment="segment")
    return c.scalar(
        f"""
        select count(*) from marts.fct_opportunities where is_stuck and {where}
    """,
        params,
    )


if c.require_warehouse():
    with c.snapshot():
        render()
