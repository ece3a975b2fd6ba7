"""Performance: the scorecard, deal types, demos and discounts, pipeline over time,
velocity, revenue breakdowns, NPS (also by product family), customer economics, the
leaderboard and ramp."""

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

BREAKDOWNS = {
    "channel": "Channel",
    "opportunity_type": "Opportunity type",
    "lead_source": "Lead source",
    "segment": "Segment",
    "industry": "Industry",
    "region": "Region",
    "territory": "Territory",
    "customer_type": "New vs existing customer",
    "product_family": "Product family",
    "product": "Product",
    "product_launch": "Product launch (last 12 months)",
}


def scorecard(f: c.Filters) -> dict:
    """The fct_sales_scorecard row of the period and scope, as stored."""
    scope, scope_id = f.scope
    return c.one(
        """
        select * from marts.fct_sales_scorecard
        where period_type = ? and period_start = ? and scope = ? and scope_id = ?
    """,
        [f.period_type, f.period_start, scope, scope_id],
    )


def render() -> None:
    st.set_page_config(page_title="Performance", layout="wide")
    f = c.sidebar_filters(
        applies={
            "Channel": "applies to the bookings breakdown only (the scorecard is per "
            "rep, team, company)",
            "Segment": "applies to the breakdown, NPS and market penetration",
        }
    )
    c.page_header("Performance", f)
    row = scorecard(f)
    if not row:
        st.warning("The scorecard has no row for this period and scope.")
        return
    st.subheader("Scorecard")
    c.metric_row(
        [
            ("Bookings", c.fmt_money(row["bookings"]), "won amount by close date"),
            ("Deals won", c.fmt_count(row["deals_won"]), None),
            ("Deals lost", c.fmt_count(row["deals_lost"]), None),
            ("Lost to competition", c.fmt_count(row["deals_lost_to_competitor"]), None),
            ("Win rate", c.fmt_rate(row["win_rate"]), "won ÷ (won + lost)"),
            ("Average deal size", c.fmt_money(row["avg_deal_size"]), None),
            ("Mean sales cycle", c.fmt_days(row["avg_sales_cycle_days"]), None),
            (
                "Open pipeline",
                c.fmt_money(row["open_pipeline_amount"]),
                f"at the end of {row['pipeline_snapshot_date']}",
            ),
            ("Weighted pipeline", c.fmt_money(row["weighted_pipeline_amount"]), None),
            ("Open opportunities", c.fmt_count(row["open_opportunities"]), None),
            (
                "Pipeline velocity (per day)",
                c.fmt_money(row["pipeline_velocity"]),
                "open opportunities × average deal size × win rate ÷ mean sales cycle",
            ),
            (
                "Quota attainment",
                c.fmt_rate(row["quota_attainment"]),
                "bookings ÷ quota",
            ),
            ("Growth vs previous period", c.fmt_rate(row["bookings_growth"]), None),
            ("Year-over-year growth", c.fmt_rate(row["bookings_yoy_growth"]), None),
            (
                "New-customer share of bookings",
                c.fmt_rate(row["new_customer_bookings_share"]),
                None,
            ),
            (
                "New-product share of bookings",
                c.fmt_rate(row["new_product_bookings_share"]),
                "products launched in the 12 months up to the close date",
            ),
            ("Quota", c.fmt_money(row["quota"]), None),
        ]
    )
    sales_ops.deal_types_and_discounts(f, row)

    st.subheader("Pipeline over time")
    where, params = f.where(rep="owner_rep_id")
    pipeline = c.query(
        f"""
        select
            date_day,
            sum(open_pipeline_amount) as open_pipeline,
            sum(weighted_pipeline_amount) as weighted_pipeline
        from marts.fct_pipeline_daily
        where date_day between ? and ? and {where}
        group by 1
        order by 1
    """,
        [f.period_start, f.through, *params],
    )
    if pipeline.empty:
        st.info("No open pipeline in the period.")
    else:
        st.line_chart(pipeline, x="date_day", y=["open_pipeline", "weighted_pipeline"])

    st.subheader("Velocity and bookings, last 12 months")
    scope, scope_id = f.scope
    trend = c.query(
        """
        select period_start as month, bookings, pipeline_velocity
        from marts.fct_sales_scorecard
        where period_type = 'month' and scope = ? and scope_id = ?
            and period_start <= ? and period_start > ? - interval 12 month
        order by 1
    """,
        [scope, scope_id, f.period_end, f.period_end],
    )
    left, right = st.columns(2)
    left.bar_chart(trend, x="month", y="bookings")
    right.line_chart(trend, x="month", y="pipeline_velocity")

    st.subheader("Bookings breakdown")
    dimension = st.selectbox(
        "Break bookings down by",
        list(BREAKDOWNS),
        format_func=BREAKDOWNS.get,
        key="perf_breakdown",
    )
    where, params = f.where(rep="owner_rep_id")
    value_filter = {"channel": f.channel, "segment": f.segment}.get(dimension)
    breakdown = c.query(
        f"""
        select dimension_value as value, sum(bookings) as bookings,
               sum(deals_won) as deals_won
        from marts.fct_bookings_breakdown
        where dimension = ? and close_month between ? and ? and {where}
            {"and dimension_value = ?" if value_filter else ""}
        group by 1
        order by 2 desc
    """,
        [
            dimension,
            f.period_start,
            f.period_end,
            *params,
            *([value_filter] if value_filter else []),
        ],
    )
    if breakdown.empty:
        st.info("No bookings in the period.")
    else:
        st.bar_chart(breakdown, x="value", y="bookings", horizontal=True)

    st.subheader("NPS and customers")
    segment_where, segment_params = f.where(team=None, segment="segment")
    nps = c.one(
        f"""
        select
            sum(responses) as responses,
            (sum(promoters) - sum(detractors)) * 100.0 / nullif(sum(responses), 0)
                as nps
        from marts.fct_nps_monthly
        where month_start between ? and ? and {segment_where}
    """,
        [f.period_start, f.period_end, *segment_params],
    )
    customers = c.one(
        """
        select
            sum(sales_cost) * 1.0 / nullif(sum(bookings), 0) as cost_of_sales_share,
            sum(acquisition_cost) * 1.0 / nullif(sum(new_customers), 0)
                as customer_acquisition_cost,
            sum(new_customers) as new_customers,
            max_by(avg_customer_lifetime_value, month_start)
                as avg_customer_lifetime_value
        from marts.fct_customer_kpis_monthly
        where month_start between ? and ?
    """,
        [f.period_start, f.period_end],
    )
    penetration = c.one(
        f"""
        select
            sum(case when addressable_accounts is not null then customers end) * 1.0
                / nullif(sum(addressable_accounts), 0) as market_penetration
        from marts.fct_market_penetration_monthly
        where month_start = (select max(month_start)
                             from marts.fct_market_penetration_monthly
                             where month_start between ? and ?)
            and {segment_where}
    """,
        [f.period_start, f.period_end, *segment_params],
    )
    c.metric_row(
        [
            (
                "NPS",
                c.from_source("nps_responses", c.fmt_number(nps.get("nps"))),
                "% promoters − % detractors",
            ),
            (
                "NPS responses",
                c.from_source("nps_responses", c.fmt_count(nps.get("responses"))),
                None,
            ),
            (
                "Average customer lifetime value",
                c.fmt_money(customers.get("avg_customer_lifetime_value")),
                "company, at the end of the period",
            ),
            (
                "Customer acquisition cost",
                c.fmt_money(customers.get("customer_acquisition_cost")),
                "company: (sales + marketing cost) ÷ new customers",
            ),
            (
                "Cost of sales share",
                c.fmt_rate(customers.get("cost_of_sales_share")),
                "company: sales cost ÷ bookings",
            ),
            (
                "Market penetration",
                c.fmt_rate(penetration.get("market_penetration")),
                "customers ÷ addressable accounts at the end of the period",
            ),
        ]
    )
    nps_trend = c.query(
        f"""
        select
            month_start as month,
            (sum(promoters) - sum(detractors)) * 100.0 / nullif(sum(responses), 0)
                as nps
        from marts.fct_nps_monthly
        where month_start <= ? and month_start > ? - interval 12 month
            and {segment_where}
        group by 1
        order by 1
    """,
        [f.period_end, f.period_end, *segment_params],
    )
    st.line_chart(nps_trend, x="month", y="nps", y_label="NPS (last 12 months)")
    sales_ops.nps_by_product_family(f)
    sales_ops.leaderboard(f)
    sales_ops.ramp(f)


if c.require_warehouse():
    with c.snapshot():
        render()
