"""A CRM-only delivery (SPEC §6): the demo organisation generated with `--crm-only`
(users, teams, accounts, products and opportunities; every other table delivered
empty) builds green, and every KPI the CRM alone carries equals the full delivery's:
bookings, deals won and lost, win rate, average deal size and lost to competition per
rep and month, and each opportunity's amount, stage and outcome. Both are built with
the full delivery's as-of date, as a user comparing the two would pin it. First contact
falls back to the opportunity's creation, so the sales cycle is close date minus
creation date."""

from __future__ import annotations

import pytest
from conftest import LOADED_AT, TEST_SCALE, TEST_SEED, Warehouse, dbt

CRM_KPIS = (
    "month_start, rep_id, bookings, deals_won, deals_lost, win_rate, "
    "avg_deal_size, deals_lost_to_competitor"
)
OPPORTUNITY_COLUMNS = (
    "opportunity_id, account_id, owner_rep_id, amount, currency, "
    "stage_name, is_closed, is_won, close_date, loss_reason"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crm_only_warehouse(tmp_path_factory, demo_warehouse) -> Warehouse:
    from sales_warehouse.generator import generate

    work_dir = tmp_path_factory.mktemp("crm_only")
    raw_dir = work_dir / "raw"
    generate(
        raw_dir,
        scale=TEST_SCALE,
        seed=TEST_SEED,
        fmt="parquet",
        loaded_at=LOADED_AT,
        crm_only=True,
    )
    (as_of,) = demo_warehouse.query(
        "select as_of_date from intermediate.int_data_date_bounds"
    )[0]
    db_path = work_dir / "warehouse.duckdb"
    # unit tests pin their own dates and run in every other build
    run = dbt(
        [
            "build",
            "--vars",
            f"{{as_of_date: '{as_of}'}}",
            "--exclude-resource-type",
            "unit_test",
        ],
        raw_dir=raw_dir,
        db_path=db_path,
        raw_format="parquet",
        work_dir=work_dir,
    )
    assert run.returncode == 0, run.output[-6000:]
    return Warehouse(raw_dir, db_path, "parquet", run)


def _differences(a: Warehouse, b: Warehouse, sql: str) -> tuple[list, list]:
    rows_a, rows_b = a.query(sql), b.query(sql)
    only_a = sorted(set(rows_a) - set(rows_b), key=str)
    only_b = sorted(set(rows_b) - set(rows_a), key=str)
    assert len(rows_a) == len(set(rows_a)) and len(rows_b) == len(set(rows_b))
    return only_a, only_b


def test_crm_only_builds_green_without_warnings(crm_only_warehouse):
    output = crm_only_warehouse.build.output
    assert " WARN=0 ERROR=0 " in output, output[-3000:]
    assert crm_only_warehouse.query(
        "select source_system from audit.audit_source_systems where has_data"
    ) == [("crm",)]


def test_every_opportunity_is_the_full_deliverys(crm_only_warehouse, demo_warehouse):
    sql = f"select {OPPORTUNITY_COLUMNS} from marts.fct_opportunities"
    assert _differences(crm_only_warehouse, demo_warehouse, sql) == ([], [])


def test_crm_kpis_equal_the_full_deliverys(crm_only_warehouse, demo_warehouse):
    sql = f"select {CRM_KPIS} from marts.fct_rep_performance_monthly"
    only_crm, only_full = _differences(crm_only_warehouse, demo_warehouse, sql)
    assert (only_crm, only_full) == ([], [])
    (won,) = crm_only_warehouse.query(
        "select count(*) from marts.fct_opportunities where is_won"
    )[0]
    assert won > 20  # the comparison compares something


def test_first_contact_falls_back_to_creation(crm_only_warehouse):
    assert crm_only_warehouse.query(
        "select count(*) from marts.fct_opportunities "
        "where first_contact_at != created_at or sales_cycle_days != "
        "date_diff('day', cast(created_at as date), close_date)"
    ) == [(0,)]


def test_activity_and_goal_kpis_are_empty_or_null_never_zero(crm_only_warehouse):
    assert crm_only_warehouse.query("select count(*) from marts.fct_activities") == [
        (0,)
    ]
    assert crm_only_warehouse.query(
        "select count(*) from marts.fct_rep_performance_monthly "
        "where quota is not null or quota_attainment is not null"
    ) == [(0,)]
    assert crm_only_warehouse.query(
        "select count(*) from marts.fct_rep_activity_periods "
        "where connect_rate is not null"
    ) == [(0,)]


def _dashboard_page(warehouse: Warehouse, monkeypatch, slug: str):
    """A dashboard page run headless on `warehouse`: (the app, its metrics by label)."""
    from conftest import REPO
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DUCKDB_PATH", str(warehouse.db_path))
    app = AppTest.from_file(
        str(REPO / "sales_warehouse" / "dashboard" / "views" / f"{slug}.py"),
        default_timeout=120,
    )
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app, {metric.label: metric.value for metric in app.metric}


def test_the_dashboard_says_no_data_from_this_source(crm_only_warehouse, monkeypatch):
    """The activity page of a company without a phone system or email tool: the call
    and email KPIs read "no data from this source", never 0; the notice names them."""
    from sales_warehouse.dashboard import common as c

    app, shown = _dashboard_page(crm_only_warehouse, monkeypatch, "activity")
    for label in (
        "Outbound calls",
        "Connect rate",
        "Emails sent",
        "Meetings completed",
    ):
        assert shown[label] == c.NO_DATA, (label, shown[label])
    assert shown["New opportunities"] not in (c.NO_DATA, "n/a")
    notices = " ".join(info.value for info in app.info)
    assert "No data from email, goals, nps, telephony, web" in notices


def test_the_funnel_page_says_no_data_for_leads(crm_only_warehouse, monkeypatch):
    """No lead records (an empty crm_leads): lead KPIs read "no data from this source";
    deals, delivered, count as usual."""
    from sales_warehouse.dashboard import common as c

    _, shown = _dashboard_page(crm_only_warehouse, monkeypatch, "funnel")
    assert shown["Leads created"] == shown["MQLs"] == c.NO_DATA
    assert shown["Deals won"] != c.NO_DATA


def test_the_semantic_layer_answers_no_data_not_zero(crm_only_warehouse):
    """MetricFlow over the CRM-only warehouse: call and email metrics are null in every
    month (no data from those sources), bookings are there."""
    from test_semantic_layer import SemanticLayer

    semantic = SemanticLayer(
        crm_only_warehouse.build.target_path / "semantic_manifest.json",
        crm_only_warehouse.db_path,
    )
    rows = semantic.rows(
        ["outbound_calls", "connect_rate", "emails_sent", "bookings"],
        ["metric_time__month"],
    )
    assert len(rows) > 12
    assert all(values[:3] == (None, None, None) for values in rows.values()), rows
    assert sum(values[3] or 0 for values in rows.values()) > 0
