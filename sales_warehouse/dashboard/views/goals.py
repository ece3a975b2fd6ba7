"""Goals: the pacing line (cumulative actual vs target), projection, gap and the plan
to close it, and the share of reps at quota."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from sales_warehouse.dashboard import common as c
except ModuleNotFoundError:  # `streamlit run` from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from sales_warehouse.dashboard import common as c

import streamlit as st

MONEY_METRICS = {"bookings"}
DATES = {
    name: st.column_config.DateColumn(name, format="YYYY-MM-DD")
    for name in ("period_start", "period_end")
}


def goals_in_scope(f: c.Filters):
    """Goals whose period overlaps the selected one, for the scope of the filters:
    a rep's own goals; a team's goals and its reps'; else company and team goals."""
    if f.rep_id:
        condition, params = "scope = 'user' and scope_id = ?", [f.rep_id]
    elif f.team_id:
        condition = """(scope = 'team' and scope_id = ?) or (scope = 'user' and
            scope_id in (select rep_id from marts.dim_reps where team_id = ?))"""
        params = [f.team_id, f.team_id]
    else:
        condition, params = "scope in ('company', 'team')", []
    return c.query(
        f"""
        select *
        from marts.fct_goal_attainment
        where period_start <= ? and period_end >= ? and ({condition})
        order by
            case scope when 'company' then 1 when 'team' then 2 else 3 end,
            case when metric = 'bookings' then 0 else 1 end,
            period_end - period_start desc,
            scope_id,
            metric,
            goal_id
    """,
        [f.period_end, f.period_start, *params],
    )


def goal_label(goal) -> str:
    who = goal.scope if goal.scope == goal.scope_id else f"{goal.scope} {goal.scope_id}"
    return (
        f"{who} · {goal.metric} · "
        f"{goal.period_start:%Y-%m-%d} to {goal.period_end:%Y-%m-%d} "
        f"({goal.goal_id})"
    )


def render() -> None:
    st.set_page_config(page_title="Goals", layout="wide")
    f = c.sidebar_filters(
        applies={
            "Channel, segment": "not applied here (goals are set per rep, team or "
            "company)"
        }
    )
    c.page_header("Goals", f)
    goals = goals_in_scope(f)
    if goals.empty:
        st.info(
            c.from_source("sales_goals", "No goal overlaps this period for this scope.")
        )
        return
    labels = [goal_label(goal) for goal in goals.itertuples()]
    if st.session_state.get("goal_choice") not in labels:
        st.session_state.pop("goal_choice", None)
    label = st.selectbox("Goal", labels, key="goal_choice")
    goal = {k: c._clean(v) for k, v in goals.iloc[labels.index(label)].items()}
    fmt = c.fmt_money if goal["metric"] in MONEY_METRICS else c.fmt_count

    # pace and projection as of the last day with actuals (as-of date or period end)
    today = c.one(
        """
        select date_day, pace, projected_total, actual_cumulative, target_cumulative
        from marts.fct_goal_attainment_daily
        where goal_id = ? and actual_cumulative is not null
        order by date_day desc
        limit 1
    """,
        [goal["goal_id"]],
    )
    c.metric_row(
        [
            ("Target", fmt(goal["target"]), None),
            ("Actual", fmt(goal["actual"]), f"up to {goal['actual_through']}"),
            ("Attainment", c.fmt_rate(goal["attainment"]), "actual ÷ target"),
            ("Gap to goal", fmt(goal["gap"]), "target − actual"),
            (
                "Pace",
                c.fmt_rate(today.get("pace")),
                "cumulative actual ÷ cumulative target to date (100% = on track)",
            ),
            (
                "Projected total",
                fmt(today.get("projected_total")),
                "run rate over working days, to the period end",
            ),
        ],
        per_row=3,
    )
    st.subheader("Pacing")
    daily = c.query(
        """
        select
            date_day,
            target_cumulative as cumulative_target,
            actual_cumulative as cumulative_actual
        from marts.fct_goal_attainment_daily
        where goal_id = ?
        order by 1
    """,
        [goal["goal_id"]],
    )
    st.line_chart(
        daily,
        x="date_day",
        y=["cumulative_target", "cumulative_actual"],
        y_label=goal["metric"],
    )
    st.caption(
        "Target spread over the working days of the scope's business "
        "calendar; cumulative actual stops at the as-of date."
    )

    st.subheader("Plan to close the gap")
    if goal["metric"] == "bookings":
        c.metric_row(
            [
                (
                    "Deals needed",
                    c.fmt_number(goal["deals_needed"]),
                    "gap ÷ average deal size",
                ),
                (
                    "Opportunities needed",
                    c.fmt_number(goal["opportunities_needed"]),
                    "deals needed ÷ win rate",
                ),
                (
                    "Leads needed",
                    c.fmt_number(goal["leads_needed"]),
                    "opportunities needed ÷ lead-to-opportunity conversion",
                ),
            ]
        )
        st.caption(
            f"Rates from the {goal['deal_rate_source']}'s history: average deal "
            f"size {c.fmt_money(goal['avg_deal_size'])}, win rate "
            f"{c.fmt_rate(goal['win_rate'])}; lead-to-opportunity conversion "
            f"{c.fmt_rate(goal['lead_to_opportunity_rate'])} "
            f"({goal['lead_rate_source']})."
        )
    else:
        st.caption(
            "The plan (deals, opportunities, leads needed) is computed for "
            "bookings goals."
        )

    st.subheader("Share of reps at or above quota")
    scope = ("team", f.team_id) if f.team_id else ("company", "company")
    share = c.query(
        """
        select period_start, period_end, reps_with_quota, reps_at_quota,
               share_of_reps_at_quota
        from marts.fct_quota_attainment_share
        where scope = ? and scope_id = ? and period_start <= ? and period_end >= ?
        order by period_start, period_end
    """,
        [*scope, f.period_end, f.period_start],
    )
    st.dataframe(
        share,
        hide_index=True,
        column_config={
            **DATES,
            "share_of_reps_at_quota": st.column_config.NumberColumn(format="percent"),
        },
    )

    st.subheader("All goals of the scope in the period")
    st.dataframe(
        goals[
            [
                "goal_id",
                "scope",
                "scope_id",
                "metric",
                "period_start",
                "period_end",
                "target",
                "actual",
                "attainment",
                "gap",
            ]
        ],
        hide_index=True,
        column_config={
            **DATES,
            "attainment": st.column_config.NumberColumn(format="percent"),
            "target": st.column_config.NumberColumn(format="%,.0f"),
            "actual": st.column_config.NumberColumn(format="%,.0f"),
            "gap": st.column_config.NumberColumn(format="%,.0f"),
        },
    )


if c.require_warehouse():
    with c.snapshot():
        render()
