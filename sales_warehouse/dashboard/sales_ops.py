"""The sales-operations KPIs of SPEC §9 on the existing pages: speed to lead and
demos (Activity), bookings by opportunity type, renewal and demo-to-win rates,
discounts, NPS by product family, the leaderboard and ramp (Performance). Every
number is a mart column or a ratio of summed mart columns, as its doc block defines
it (no KPI recomputed here)."""

from __future__ import annotations

import streamlit as st

from . import common as c


def speed_to_lead(f: c.Filters) -> None:
    """fct_lead_responses of the leads created in the period (cohort)."""
    where, params = f.where(rep="owner_rep_id", channel="channel")
    row = c.one(
        f"""
        select
            count(*) as leads,
            sum(case when has_response then 1 else 0 end) as responded,
            sum(case when is_within_sla then 1 else 0 end) as within_sla,
            sum(case when is_within_sla then 1 else 0 end) * 1.0
                / nullif(count(*), 0) as sla_rate,
            median(response_minutes) as median_minutes
        from marts.fct_lead_responses
        where cast(created_at as date) between ? and ? and {where}
    """,
        [f.period_start, f.period_end, *params],
    )
    st.subheader("Speed to lead (leads created in the period)")
    median = row.get("median_minutes")
    c.metric_row(
        [
            ("Leads", c.fmt_count(row.get("leads")), None),
            ("Leads responded", c.fmt_count(row.get("responded")), None),
            ("Within SLA", c.fmt_count(row.get("within_sla")), None),
            ("Within-SLA share", c.fmt_rate(row.get("sla_rate")), "within ÷ leads"),
            (
                "Median response",
                "n/a" if median is None else f"{c.fmt_number(median, 0)} min",
                "median whole minutes to the first response",
            ),
        ]
    )


def demos(f: c.Filters) -> None:
    where, params = f.where(rep="rep_id")
    row = c.one(
        f"""
        select sum(demos_booked) as booked, sum(demos_completed) as completed,
               sum(demos_no_show) as no_show
        from marts.fct_rep_activity_daily
        where date_day between ? and ? and {where}
    """,
        [f.period_start, f.period_end, *params],
    )
    meetings = "crm_meetings"
    c.metric_row(
        [
            (
                "Demos booked",
                c.from_source(meetings, c.fmt_count(row.get("booked"))),
                None,
            ),
            (
                "Demos completed",
                c.from_source(meetings, c.fmt_count(row.get("completed"))),
                None,
            ),
            (
                "Demo no-shows",
                c.from_source(meetings, c.fmt_count(row.get("no_show"))),
                None,
            ),
        ]
    )


def deal_types_and_discounts(f: c.Filters, card: dict) -> None:
    """The scorecard row's SPEC §9 columns, and the discounts of fct_opportunities."""
    where, params = f.where(rep="owner_rep_id", channel="channel", segment="segment")
    discount = c.one(
        f"""
        select avg(case when is_won then discount_pct end) as avg_won_discount
        from marts.fct_opportunities
        where is_closed and close_date between ? and ? and close_date <= ?
            and {where}
    """,
        [f.period_start, f.period_end, f.as_of, *params],
    )
    st.subheader("Deal types, demos and discounts")
    c.metric_row(
        [
            ("New business bookings", c.fmt_money(card["new_business_bookings"]), None),
            ("Expansion bookings", c.fmt_money(card["expansion_bookings"]), None),
            ("Renewal bookings", c.fmt_money(card["renewal_bookings"]), None),
            (
                "Renewal win rate",
                c.fmt_rate(card["renewal_win_rate"]),
                "renewals won ÷ renewals closed",
            ),
            (
                "Demo-to-win rate",
                c.fmt_rate(card["demo_to_win_rate"]),
                "won ÷ closed of the deals with a completed demo",
            ),
            (
                "Average discount of won deals",
                c.fmt_rate(discount.get("avg_won_discount")),
                "mean deal discount (line items) of the deals won in the period",
            ),
        ],
        per_row=6,
    )
    bands = c.query(
        f"""
        select
            coalesce(discount_band, 'no line items') as discount_band,
            count(*) as deals_closed,
            sum(case when is_won then 1 else 0 end) * 1.0 / count(*) as win_rate
        from marts.fct_opportunities
        where is_closed and close_date between ? and ? and close_date <= ?
            and {where}
        group by 1
        order by 1
    """,
        [f.period_start, f.period_end, f.as_of, *params],
    )
    st.caption("Win rate by discount band (deals closed in the period)")
    st.dataframe(bands, hide_index=True, width="stretch")


def nps_by_product_family(f: c.Filters) -> None:
    families = c.query(
        """
        select
            product_family,
            sum(responses) as responses,
            (sum(promoters) - sum(detractors)) * 100.0 / sum(responses) as nps
        from marts.fct_nps_by_product_family_monthly
        where month_start between ? and ?
        group by 1
        order by 1
    """,
        [f.period_start, f.through],
    )
    st.caption("NPS by product family (accounts with won bookings in the family)")
    st.dataframe(families, hide_index=True, width="stretch")


def leaderboard(f: c.Filters) -> None:
    period_type = f.period_type if f.period_type in ("month", "quarter") else None
    st.subheader("Leaderboard")
    if period_type is None:
        st.info("The leaderboard is per month and fiscal quarter: pick one.")
        return
    where, params = f.where(table="board")
    board = c.query(
        f"""
        select
            board.bookings_rank_in_company as rank_company,
            board.bookings_rank_in_team as rank_team,
            coalesce(reps.rep_name, board.rep_id) as rep,
            board.team_id,
            board.bookings,
            board.quota_attainment,
            board.win_rate,
            board.activities,
            board.activities_rank_in_company as activity_rank_company
        from marts.fct_rep_leaderboard as board
        left join marts.dim_reps as reps
            on board.rep_id = reps.rep_id
        where board.period_type = ? and board.period_start = ? and {where}
        order by 1, 3
    """,
        [period_type, f.period_start, *params],
    )
    st.dataframe(board, hide_index=True, width="stretch")


def ramp(f: c.Filters) -> None:
    where, params = f.where(rep="rep_id")
    curve = c.query(
        f"""
        select
            tenure_month,
            sum(bookings) * 1.0 / count(*) as bookings_per_rep,
            sum(outbound_calls) * 1.0 / count(*) as outbound_calls_per_rep
        from marts.fct_rep_ramp
        where {where}
        group by 1
        order by 1
    """,
        params,
    )
    median = c.scalar(
        f"""
        select median(days_to_first_win) from marts.fct_rep_ramp
        where is_first_win_month and {where}
    """,
        params,
    )
    st.subheader("Ramp: bookings per rep by tenure month")
    st.caption(
        "Tenure month = whole months since the hire date. Median days from hire to "
        f"first won deal: {'n/a' if median is None else c.fmt_number(median, 0)}."
    )
    if curve.empty:
        st.info("No rep with a hire date.")
    else:
        st.bar_chart(curve, x="tenure_month", y="bookings_per_rep")


UTM_COLUMNS = {
    "first_touch_utm_source": "UTM source",
    "first_touch_utm_medium": "UTM medium",
    "first_touch_utm_campaign": "UTM campaign",
}


def first_touch_attribution(f: c.Filters) -> None:
    """Leads created in the period by their first-touch UTM value (fct_leads): leads,
    MQLs, SQLs and opportunities they reached, and won bookings of the opportunity
    each converted into."""
    st.subheader("First-touch attribution (leads created in the period)")
    column = st.selectbox(
        "Attribute by", list(UTM_COLUMNS), format_func=UTM_COLUMNS.get, key="utm_by"
    )
    where, params = f.where(
        rep="owner_rep_id", channel="channel", segment="segment", table="leads"
    )
    table = c.query(
        f"""
        select
            coalesce(leads.{column}, '(none)') as value,
            count(*) as leads,
            count(leads.mql_at) as mqls,
            count(leads.sql_at) as sqls,
            count(leads.opportunity_at) as opportunities,
            sum(case when opportunities.is_won then opportunities.amount end)
                as won_bookings
        from marts.fct_leads as leads
        left join marts.fct_opportunities as opportunities
            on leads.converted_opportunity_id = opportunities.opportunity_id
        where cast(leads.created_at as date) between ? and ? and {where}
        group by 1
        order by leads desc, 1
    """,
        [f.period_start, f.period_end, *params],
    )
    st.caption(
        "Cohort view: the leads created in the period by the UTM value of their first "
        "web session, how many of them reached MQL, SQL and an opportunity (so far), "
        "and the bookings of the won opportunities they converted into."
    )
    st.dataframe(table, hide_index=True, width="stretch")
