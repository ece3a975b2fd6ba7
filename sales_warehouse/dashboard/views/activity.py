"""Activity: the period's activity KPIs, demos, speed to lead, per-rep trends and when
calls connect (hour x weekday in the rep's local time)."""

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

import altair as alt
import streamlit as st

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
TREND_MEASURES = {
    "outbound_calls": "Outbound calls",
    "connected_calls": "Connected calls",
    "emails_sent": "Emails sent",
    "meetings_completed": "Meetings completed",
    "opportunities_created": "New opportunities",
}


def totals(f: c.Filters) -> dict:
    """Sums of fct_rep_activity_daily over the period and the rates as the activity
    mart's doc blocks define them (ratio of the summed counts)."""
    where, params = f.where(rep="rep_id")
    return c.one(
        f"""
        select
            sum(outbound_calls) as outbound_calls,
            sum(cold_calls) as cold_calls,
            sum(connected_calls) as connected_calls,
            sum(inbound_calls) as inbound_calls,
            sum(talk_time_seconds) as talk_time_seconds,
            sum(emails_sent) as emails_sent,
            sum(emails_opened) as emails_opened,
            sum(emails_replied) as emails_replied,
            sum(sms_sent) as sms_sent,
            sum(sms_replied) as sms_replied,
            sum(meetings_booked) as meetings_booked,
            sum(meetings_completed) as meetings_completed,
            sum(activity_time_seconds) as activity_time_seconds,
            sum(opportunities_created) as opportunities_created,
            sum(connected_calls) * 1.0 / nullif(sum(outbound_calls), 0)
                as connect_rate,
            sum(talk_time_seconds) * 1.0 / nullif(sum(answered_calls), 0)
                as mean_talk_time_seconds,
            sum(emails_opened) * 1.0 / nullif(sum(emails_sent), 0) as open_rate,
            sum(emails_replied) * 1.0 / nullif(sum(emails_sent), 0) as reply_rate,
            sum(sms_replied) * 1.0 / nullif(sum(sms_sent), 0) as sms_reply_rate
        from marts.fct_rep_activity_daily
        where date_day between ? and ? and {where}
    """,
        [f.period_start, f.period_end, *params],
    )


def render() -> None:
    st.set_page_config(page_title="Activity", layout="wide")
    f = c.sidebar_filters(
        applies={
            "Channel, segment": "not applied here (activities carry no channel or "
            "segment)"
        }
    )
    c.page_header("Activity", f)
    t = totals(f)
    calls, emails, sms, meetings = (
        "telephony_calls",
        "email_messages",
        "telephony_sms",
        "crm_meetings",
    )
    c.metric_row(
        [
            (
                "Outbound calls",
                c.from_source(calls, c.fmt_count(t.get("outbound_calls"))),
                None,
            ),
            (
                "Cold calls",
                c.from_source(calls, c.fmt_count(t.get("cold_calls"))),
                None,
            ),
            (
                "Connected calls",
                c.from_source(calls, c.fmt_count(t.get("connected_calls"))),
                None,
            ),
            (
                "Connect rate",
                c.from_source(calls, c.fmt_rate(t.get("connect_rate"))),
                "connected ÷ outbound calls",
            ),
            (
                "Talk time",
                c.from_source(calls, c.fmt_hours(t.get("talk_time_seconds"))),
                None,
            ),
            (
                "Mean talk time per answered call",
                c.from_source(
                    calls,
                    c.fmt_number(t.get("mean_talk_time_seconds"), 0) + " s"
                    if t.get("mean_talk_time_seconds") is not None
                    else "n/a",
                ),
                None,
            ),
            (
                "Emails sent",
                c.from_source(emails, c.fmt_count(t.get("emails_sent"))),
                None,
            ),
            (
                "Open rate",
                c.from_source(emails, c.fmt_rate(t.get("open_rate"))),
                "opened ÷ sent (unique per message)",
            ),
            (
                "Reply rate",
                c.from_source(emails, c.fmt_rate(t.get("reply_rate"))),
                "replied ÷ sent",
            ),
            (
                "SMS reply rate",
                c.from_source(sms, c.fmt_rate(t.get("sms_reply_rate"))),
                "replied ÷ sent",
            ),
            (
                "Meetings completed",
                c.from_source(meetings, c.fmt_count(t.get("meetings_completed"))),
                None,
            ),
            ("New opportunities", c.fmt_count(t.get("opportunities_created")), None),
        ],
        per_row=6,
    )
    sales_ops.demos(f)
    sales_ops.speed_to_lead(f)

    st.subheader("Per-rep trends")
    measure = st.selectbox(
        "Measure",
        list(TREND_MEASURES),
        format_func=TREND_MEASURES.get,
        key="activity_trend",
    )
    grain = "week_start" if f.period_type != "year" else "month_start"
    where, params = f.where(rep="rep_id", table="daily")
    trend = c.query(
        f"""
        select
            dates.{grain} as period,
            coalesce(reps.rep_name, daily.rep_id) as rep,
            sum(daily.{measure}) as value
        from marts.fct_rep_activity_daily as daily
        inner join marts.dim_date as dates
            on daily.date_day = dates.date_day
        left join marts.dim_reps as reps
            on daily.rep_id = reps.rep_id
        where daily.date_day between ? and ? and {where}
        group by 1, 2
        order by 1, 2
    """,
        [f.period_start, f.period_end, *params],
    )
    if trend.empty or trend["value"].isna().all():
        st.info("No activity in the period." if trend.empty else c.NO_DATA)
    else:
        st.line_chart(
            trend,
            x="period",
            y="value",
            color="rep",
            y_label=TREND_MEASURES[measure],
            x_label="week" if grain == "week_start" else "month",
        )

    st.subheader("When calls connect (rep's local time)")
    st.caption(
        "Outbound calls by hour of day and weekday in the rep's own time zone "
        "(fct_activities.occurred_at_local); colour: connect rate = connected "
        "÷ outbound calls of the cell."
    )
    where, params = f.where(rep="rep_id", table="activities", team=None)
    team_clause = "and reps.team_id = ?" if f.team_id else ""
    heat = c.query(
        f"""
        select
            activities.occurred_weekday_local as weekday,
            activities.occurred_hour_local as hour,
            count(*) as outbound_calls,
            sum(case when activities.is_connected then 1 else 0 end)
                as connected_calls,
            sum(case when activities.is_connected then 1 else 0 end) * 1.0
                / count(*) as connect_rate
        from marts.fct_activities as activities
        left join marts.dim_reps as reps
            on activities.rep_id = reps.rep_id
        where activities.activity_type = 'call'
            and activities.direction = 'outbound'
            and activities.occurred_date between ? and ?
            and {where} {team_clause}
        group by 1, 2
    """,
        [f.period_start, f.period_end, *params, *([f.team_id] if f.team_id else [])],
    )
    if heat.empty:
        st.info(c.from_source(calls, "No outbound calls in the period."))
        return
    heat["weekday_name"] = heat.weekday.map(lambda d: WEEKDAYS[int(d) - 1])
    chart = (
        alt.Chart(heat)
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title="hour (local)"),
            y=alt.Y("weekday_name:N", sort=WEEKDAYS, title=None),
            color=alt.Color(
                "connect_rate:Q", title="connect rate", scale=alt.Scale(scheme="blues")
            ),
            tooltip=[
                "weekday_name",
                "hour",
                "outbound_calls",
                "connected_calls",
                alt.Tooltip("connect_rate:Q", format=".1%"),
            ],
        )
        .properties(height=280)
    )
    st.altair_chart(chart, width="stretch")


if c.require_warehouse():
    with c.snapshot():
        render()
