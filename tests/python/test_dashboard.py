"""The dashboard (sales_warehouse/dashboard): every page runs headless with Streamlit's
AppTest and shows the marts' numbers; then the served app is opened in a real browser
(Debian's Chromium through Playwright) and each page is saved as a screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

from sales_warehouse.dashboard import PAGES
from sales_warehouse.dashboard import common as c

VIEWS = REPO / "sales_warehouse" / "dashboard" / "views"


@pytest.fixture(scope="module")
def warehouse(demo_warehouse):
    previous = os.environ.get("DUCKDB_PATH")
    os.environ["DUCKDB_PATH"] = str(demo_warehouse.db_path)
    yield demo_warehouse
    if previous is None:
        os.environ.pop("DUCKDB_PATH", None)
    else:
        os.environ["DUCKDB_PATH"] = previous


def run_page(slug: str, **filters) -> AppTest:
    app = AppTest.from_file(str(VIEWS / f"{slug}.py"), default_timeout=120)
    app.run()
    for key, value in filters.items():  # e.g. f_team="team_01"
        app.selectbox(key=key).set_value(value).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def shown(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def one(warehouse, sql: str, params: list | None = None) -> dict:
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        frame = con.execute(sql, params or []).df()
    assert len(frame) == 1, f"expected one row from: {sql}"
    return {k: c._clean(v) for k, v in frame.iloc[0].items()}


def current_quarter(warehouse) -> dict:
    """The default period of every page: the fiscal quarter of the as-of date."""
    return one(
        warehouse,
        """
        select
            quarter_start as period_start,
            (select max(date_day) from marts.dim_date as days
             where days.quarter_start = dates.quarter_start) as period_end,
            date_day as as_of
        from marts.dim_date as dates
        where is_as_of_date
    """,
    )


def assert_as_of_stated(app: AppTest, as_of) -> None:
    assert any(f"As of {as_of:%Y-%m-%d}" in caption.value for caption in app.caption)


@pytest.mark.slow
def test_funnel_page_shows_the_marts(warehouse):
    period = current_quarter(warehouse)
    app = run_page("funnel")
    assert app.title[0].value == "Funnel"
    assert_as_of_stated(app, period["as_of"])
    values = shown(app)
    stages = dict(
        warehouse.query(
            """
        select funnel_stage, sum(leads) from marts.fct_funnel_stage_counts_daily
        where date_day between ? and ? group by 1
    """,
            [period["period_start"], period["period_end"]],
        )
    )
    assert values["Leads created"] == c.fmt_count(stages.get("lead", 0))
    assert values["MQLs"] == c.fmt_count(stages.get("mql", 0))
    assert values["SQLs"] == c.fmt_count(stages.get("sql", 0))
    # the page sums fct_opportunity_outcomes_monthly; the scorecard must agree
    card = one(
        warehouse,
        """
        select * from marts.fct_sales_scorecard
        where period_type = 'quarter' and scope = 'company' and period_start = ?
    """,
        [period["period_start"]],
    )
    assert values["Deals won"] == c.fmt_count(card["deals_won"])
    assert values["Deals lost"] == c.fmt_count(card["deals_lost"])
    assert values["Win rate"] == c.fmt_rate(card["win_rate"])
    assert values["Mean sales cycle"] == c.fmt_days(card["avg_sales_cycle_days"])
    stuck = warehouse.query(
        "select count(*) from marts.fct_opportunities where is_stuck"
    )[0][0]
    assert values["Stuck opportunities"] == c.fmt_count(stuck)


@pytest.mark.slow
def test_funnel_page_filtered_by_team_and_month(warehouse):
    team, month = warehouse.query("""
        select scope_id, max(period_start) from marts.fct_sales_scorecard
        where period_type = 'month' and scope = 'team' and deals_closed > 0
            and scope_id != 'unknown'
        group by 1 order by 1 limit 1
    """)[0]
    label = f"{month:%b %Y}"
    app = run_page("funnel", f_period_type="month", f_period=label, f_team=team)
    card = one(
        warehouse,
        """
        select * from marts.fct_sales_scorecard
        where period_type = 'month' and scope = 'team' and scope_id = ?
            and period_start = ?
    """,
        [team, month],
    )
    values = shown(app)
    assert values["Win rate"] == c.fmt_rate(card["win_rate"])
    assert values["Deals won"] == c.fmt_count(card["deals_won"])


@pytest.mark.slow
def test_activity_page_shows_the_marts(warehouse):
    period = current_quarter(warehouse)
    app = run_page("activity")
    assert app.title[0].value == "Activity"
    assert_as_of_stated(app, period["as_of"])
    values = shown(app)
    sums = one(
        warehouse,
        """
        select
            sum(outbound_calls) as outbound_calls,
            sum(connected_calls) as connected_calls,
            sum(emails_sent) as emails_sent,
            sum(emails_opened) as emails_opened,
            sum(meetings_completed) as meetings_completed
        from marts.fct_rep_activity_daily
        where date_day between ? and ?
    """,
        [period["period_start"], period["period_end"]],
    )
    assert values["Outbound calls"] == c.fmt_count(sums["outbound_calls"])
    assert values["Connected calls"] == c.fmt_count(sums["connected_calls"])
    assert values["Connect rate"] == c.fmt_rate(
        sums["connected_calls"] / sums["outbound_calls"]
    )
    assert values["Emails sent"] == c.fmt_count(sums["emails_sent"])
    assert values["Open rate"] == c.fmt_rate(
        sums["emails_opened"] / sums["emails_sent"]
    )
    assert values["Meetings completed"] == c.fmt_count(sums["meetings_completed"])
    # the per-rep trend and the hour x weekday heatmap (local time) are drawn
    assert len(app.get("vega_lite_chart")) == 2


@pytest.mark.slow
def test_performance_page_shows_the_scorecard(warehouse):
    period = current_quarter(warehouse)
    app = run_page("performance")
    assert app.title[0].value == "Performance"
    assert_as_of_stated(app, period["as_of"])
    values = shown(app)
    card = one(
        warehouse,
        """
        select * from marts.fct_sales_scorecard
        where period_type = 'quarter' and scope = 'company' and period_start = ?
    """,
        [period["period_start"]],
    )
    assert values["Bookings"] == c.fmt_money(card["bookings"])
    assert values["Win rate"] == c.fmt_rate(card["win_rate"])
    assert values["Open pipeline"] == c.fmt_money(card["open_pipeline_amount"])
    assert values["Weighted pipeline"] == c.fmt_money(card["weighted_pipeline_amount"])
    assert values["Pipeline velocity (per day)"] == c.fmt_money(
        card["pipeline_velocity"]
    )
    assert values["Quota attainment"] == c.fmt_rate(card["quota_attainment"])
    nps = one(
        warehouse,
        """
        select sum(responses) as responses, sum(promoters) as promoters,
               sum(detractors) as detractors
        from marts.fct_nps_monthly where month_start between ? and ?
    """,
        [period["period_start"], period["period_end"]],
    )
    assert values["NPS responses"] == c.fmt_count(nps["responses"])
    assert values["NPS"] == c.fmt_number(
        (nps["promoters"] - nps["detractors"]) * 100.0 / nps["responses"]
    )


@pytest.mark.slow
def test_performance_page_for_a_rep_shows_the_rep_row(warehouse):
    rep, year = warehouse.query("""
        select scope_id, max(period_start) from marts.fct_sales_scorecard
        where period_type = 'year' and scope = 'rep' and deals_won > 0
            and scope_id != 'unknown'
        group by 1 order by 1 limit 1
    """)[0]
    team = warehouse.query(
        "select team_id from marts.dim_reps where rep_id = ?", [rep]
    )[0][0]
    fiscal_year = warehouse.query(
        "select year from marts.dim_date where date_day = ?", [year]
    )[0][0]
    app = run_page(
        "performance",
        f_period_type="year",
        f_period=f"FY{fiscal_year} (from {year:%b %Y})",
        f_team=team,
        f_rep=rep,
    )
    card = one(
        warehouse,
        """
        select * from marts.fct_sales_scorecard
        where period_type = 'year' and scope = 'rep' and scope_id = ?
            and period_start = ?
    """,
        [rep, year],
    )
    values = shown(app)
    assert values["Bookings"] == c.fmt_money(card["bookings"])
    assert values["Deals won"] == c.fmt_count(card["deals_won"])
    assert values["Average deal size"] == c.fmt_money(card["avg_deal_size"])


@pytest.mark.slow
def test_goals_page_shows_the_goal_marts(warehouse):
    period = current_quarter(warehouse)
    app = run_page("goals")
    assert app.title[0].value == "Goals"
    assert_as_of_stated(app, period["as_of"])
    goal_id = app.selectbox(key="goal_choice").value.rsplit("(", 1)[1].rstrip(")")
    goal = one(
        warehouse,
        "select * from marts.fct_goal_attainment where goal_id = ?",
        [goal_id],
    )
    fmt = c.fmt_money if goal["metric"] == "bookings" else c.fmt_count
    values = shown(app)
    assert values["Target"] == fmt(goal["target"])
    assert values["Actual"] == fmt(goal["actual"])
    assert values["Attainment"] == c.fmt_rate(goal["attainment"])
    assert values["Gap to goal"] == fmt(goal["gap"])
    latest = one(
        warehouse,
        """
        select pace, projected_total from marts.fct_goal_attainment_daily
        where goal_id = ? and date_day = (
            select max(date_day) from marts.fct_goal_attainment_daily
            where goal_id = ? and actual_cumulative is not null)
    """,
        [goal_id, goal_id],
    )
    assert values["Pace"] == c.fmt_rate(latest["pace"])
    assert values["Projected total"] == fmt(latest["projected_total"])
    if goal["metric"] == "bookings":
        assert values["Deals needed"] == c.fmt_number(goal["deals_needed"])
        assert values["Leads needed"] == c.fmt_number(goal["leads_needed"])


def assert_waterfall_shown(values: dict, warehouse, where: str, params: list) -> None:
    sums = one(
        warehouse,
        f"""
        select sum(opening_amount) as opening, sum(created_amount) as created,
               sum(won_amount) as won, sum(lost_amount) as lost,
               sum(closing_amount) as closing
        from marts.fct_pipeline_movements where {where}
    """,
        params,
    )
    assert values["Opening pipeline"] == c.fmt_money(sums["opening"])
    assert values["Created"] == c.fmt_money(sums["created"])
    assert values["Won"] == c.fmt_money(sums["won"])
    assert values["Lost"] == c.fmt_money(sums["lost"])
    assert values["Closing pipeline"] == c.fmt_money(sums["closing"])


@pytest.mark.slow
def test_forecast_page_shows_the_forecast_marts(warehouse):
    period = current_quarter(warehouse)
    app = run_page("forecast")
    assert app.title[0].value == "Forecast"
    assert_as_of_stated(app, period["as_of"])
    values = shown(app)
    # the default forecast period: the as-of date's fiscal quarter, for the company
    assert app.selectbox(key="forecast_period").value.startswith(
        "Current fiscal quarter"
    )
    row = one(
        warehouse,
        """
        select * from marts.fct_forecast_categories
        where period_type = 'fiscal_quarter' and scope = 'company'
            and period_start = ?
    """,
        [period["period_start"]],
    )
    assert values["Won so far"] == c.fmt_money(row["won_amount"])
    assert values["Commit forecast"] == c.fmt_money(row["commit_forecast_amount"])
    assert values["Best-case forecast"] == c.fmt_money(row["best_case_forecast_amount"])
    assert values["Open pipeline closing"] == c.fmt_money(row["open_pipeline_amount"])
    assert values["Quota"] == c.fmt_money(row["quota"])
    assert values["Pipeline coverage"] == c.fmt_multiple(row["pipeline_coverage"])
    assert_waterfall_shown(
        values,
        warehouse,
        "period_type = 'fiscal_quarter' and period_start = ?",
        [period["period_start"]],
    )
    # backtest accuracy per method over the quarters (Σ APE ÷ scored, as the mart)
    for method, mape in warehouse.query("""
        select method, avg(absolute_percentage_error) from marts.fct_forecast_backtest
        where period_type = 'fiscal_quarter' and scope = 'company' group by 1
    """):
        assert values[f"MAPE {method}"] == c.fmt_rate(mape)
    # the accuracy table is fct_forecast_accuracy's company rows
    table = app.dataframe[2].value
    shown_mape = {
        (r.method, r.days_into_period): r.mean_absolute_percentage_error
        for r in table.itertuples()
    }
    mart = warehouse.query("""
        select method, days_into_period, mean_absolute_percentage_error
        from marts.fct_forecast_accuracy
        where period_type = 'fiscal_quarter' and scope = 'company'
    """)
    assert len(mart) == len(shown_mape) and "statistical" in {m for m, _, _ in mart}
    for method, days, mape in mart:
        assert c._clean(shown_mape[(method, days)]) == pytest.approx(mape)
    # forecast bars, the waterfall and the accuracy by days into the period
    assert len(app.get("vega_lite_chart")) == 3
    assert len(app.dataframe) == 3


@pytest.mark.slow
def test_forecast_page_filtered_by_team_and_month(warehouse):
    team, month = warehouse.query("""
        select team_id, max(period_start) from marts.fct_pipeline_movements
        where period_type = 'month' and team_id != 'unknown'
        group by 1 order by 1 limit 1
    """)[0]
    app = run_page(
        "forecast", f_period_type="month", f_period=f"{month:%b %Y}", f_team=team
    )
    values = shown(app)
    assert_waterfall_shown(
        values,
        warehouse,
        "period_type = 'month' and period_start = ? and team_id = ?",
        [month, team],
    )
    choice = app.selectbox(key="forecast_period").value
    rows = warehouse.query(
        """
        select won_amount, quota from marts.fct_forecast_categories
        where scope = 'team' and scope_id = ? and period_type = 'fiscal_quarter'
            and period_start <= ? and period_end >= ?
    """,
        [team, *[current_quarter(warehouse)["as_of"]] * 2],
    )
    if rows:  # the team's current quarter comes first
        assert choice.startswith("Current fiscal quarter")
        assert values["Won so far"] == c.fmt_money(rows[0][0])
        assert values["Quota"] == c.fmt_money(rows[0][1])
    # a fiscal year has no waterfall: the page says so instead of failing
    app.selectbox(key="f_period_type").set_value("year").run()
    assert not app.exception
    assert any("per month and fiscal quarter" in info.value for info in app.info)


@pytest.mark.slow
def test_sales_ops_kpis_on_the_funnel_activity_and_performance_pages(warehouse):
    period = current_quarter(warehouse)
    activity = shown(run_page("activity"))
    demos = one(
        warehouse,
        """
        select sum(demos_booked) as booked, sum(demos_completed) as completed
        from marts.fct_rep_activity_daily where date_day between ? and ?
    """,
        [period["period_start"], period["period_end"]],
    )
    assert activity["Demos booked"] == c.fmt_count(demos["booked"])
    assert activity["Demos completed"] == c.fmt_count(demos["completed"])
    leads = one(
        warehouse,
        """
        select count(*) as leads, sum(case when is_within_sla then 1 else 0 end)
            as within_sla
        from marts.fct_lead_responses
        where cast(created_at as date) between ? and ?
    """,
        [period["period_start"], period["period_end"]],
    )
    assert activity["Leads"] == c.fmt_count(leads["leads"])
    assert activity["Within SLA"] == c.fmt_count(leads["within_sla"])
    performance = shown(run_page("performance"))
    card = one(
        warehouse,
        """
        select * from marts.fct_sales_scorecard
        where period_type = 'quarter' and scope = 'company' and period_start = ?
    """,
        [period["period_start"]],
    )
    assert performance["Renewal bookings"] == c.fmt_money(card["renewal_bookings"])
    assert performance["Renewal win rate"] == c.fmt_rate(card["renewal_win_rate"])
    assert performance["Demo-to-win rate"] == c.fmt_rate(card["demo_to_win_rate"])
    attribution = run_page("funnel").dataframe[-1].value  # first-touch, by UTM source
    created = warehouse.query(
        """
        select count(*), count(first_touch_utm_source) from marts.fct_leads
        where cast(created_at as date) between ? and ?
    """,
        [period["period_start"], period["period_end"]],
    )[0]
    assert attribution["leads"].sum() == created[0]
    assert attribution.loc[attribution.value != "(none)", "leads"].sum() == created[1]


@pytest.mark.slow
def test_my_work_page_lists_the_rep_work_items(warehouse):
    rep, items, past_sla = warehouse.query("""
        select rep_id, count(*),
               sum(case when item_type = 'lead_past_sla' then 1 else 0 end)
        from marts.fct_rep_work_items where rep_id != 'unknown'
        group by 1 order by 2 desc, 1 limit 1
    """)[0]
    team = warehouse.query(
        "select team_id from marts.dim_reps where rep_id = ?", [rep]
    )[0][0]
    app = run_page("work", f_team=team, f_rep=rep)
    assert app.title[0].value == "My work"
    values = shown(app)
    assert values["Work items"] == c.fmt_count(items)
    assert values["Leads past the SLA"] == c.fmt_count(past_sla)
    listed = app.dataframe[0].value
    assert len(listed) == items
    assert list(listed["priority"]) == sorted(listed["priority"])


@pytest.mark.slow
def test_browser_opens_every_page_and_saves_screenshots(warehouse):
    from sales_warehouse.dashboard import screenshots

    if not screenshots.chromium_available():
        # CI must prove the browser test: there, a missing browser is a failure
        missing = (
            f"no Chromium at {screenshots.CHROMIUM}: `make chromium` installs "
            "Debian's chromium (apt-get), which this machine could not do"
        )
        (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
    out = Path(os.environ.get("SCREENSHOT_DIR", REPO / "build" / "screenshots"))
    with screenshots.serve(warehouse.db_path) as base:
        shots = screenshots.capture(base, out)
    assert [shot.page for shot in shots] == list(PAGES)
    for shot in shots:
        assert not shot.problems, (shot.page, shot.problems, shot.console_errors)
        assert shot.path.exists() and shot.path.stat().st_size > 20_000, shot.path
        assert shot.title == PAGES[shot.page]
