"""Bring your own CRM (SPEC §7): the demo organisation generated in Salesforce's shape
(`--source-system salesforce`, as Fivetran lands it) builds green with one setting,
loses no row, and gives the same numbers as the same organisation in the contract's
shape (the suite's demo warehouse: the generator writes that delivery too, under
`_contract/`, and it is the demo's, row for row).

Equal, row for row: every opportunity (amount, stage, outcome, dates), every lead's
funnel, win rate, bookings, deals, pipeline and quota attainment per rep and month, the
daily pipeline, calls (outbound, connected, inbound, talk time) and meetings per rep and
day, and every bookings and activity goal's attainment. What Salesforce cannot carry is
listed in docs/salesforce.md and is null or empty, never 0: SMS, web sessions, NPS, email
tracking, inbound emails. Both builds pin the demo's as-of date.
"""

from __future__ import annotations

import json

import pytest
from conftest import LOADED_AT, TEST_SCALE, TEST_SEED, Warehouse, dbt

pytestmark = pytest.mark.slow

# Query per KPI: (the mart's rows a Salesforce delivery must reproduce exactly).
EQUAL = {
    "opportunities": """
        select opportunity_id, account_id, owner_rep_id, team_id, opportunity_type,
            lead_source, channel, segment, region, product_family, amount, currency,
            stage_name, probability, forecast_category, created_at, close_date,
            is_closed, is_won, loss_reason, competitor_name, next_step_date,
            current_stage_entered_at, is_stuck
        from marts.fct_opportunities""",
    "leads": """
        select lead_id, created_at, channel, lead_source, owner_rep_id, lead_score,
            status, disqualified_reason, mql_at, sal_at, sql_at, opportunity_at, won_at,
            disqualified_at, converted_opportunity_id
        from marts.fct_leads""",
    "rep performance": """
        select month_start, rep_id, bookings, deals_won, deals_lost, deals_closed,
            win_rate, avg_deal_size, open_opportunities, open_pipeline_amount,
            weighted_pipeline_amount, quota, quota_attainment
        from marts.fct_rep_performance_monthly""",
    "pipeline": """
        select date_day, owner_rep_id, open_opportunities, open_pipeline_amount,
            weighted_pipeline_amount
        from marts.fct_pipeline_daily""",
    "calls and meetings": """
        select date_day, rep_id, outbound_calls, connected_calls, inbound_calls,
            answered_calls, talk_time_seconds, meetings_booked, meetings_completed,
            meetings_cancelled, meetings_no_show, opportunities_created
        from marts.fct_rep_activity_daily
        -- a rep's day of only SMS or inbound emails has no row in Salesforce's shape
        where outbound_calls + inbound_calls + meetings_booked + opportunities_created
            > 0""",
    "goals": """
        select goal_id, scope, scope_id, metric, period_start, target, actual,
            attainment
        from marts.fct_goal_attainment
        where metric in ('bookings', 'new_opportunities', 'calls', 'meetings')""",
}


@pytest.fixture(scope="module")
def salesforce_warehouse(tmp_path_factory, demo_warehouse) -> Warehouse:
    from sales_warehouse.generator import generate

    work_dir = tmp_path_factory.mktemp("salesforce")
    raw_dir = work_dir / "raw"
    manifest = generate(
        raw_dir,
        scale=TEST_SCALE,
        seed=TEST_SEED,
        fmt="parquet",
        loaded_at=LOADED_AT,
        source_system="salesforce",
    )
    (as_of,) = demo_warehouse.query(
        "select as_of_date from intermediate.int_data_date_bounds"
    )[0]
    db_path = work_dir / "warehouse.duckdb"
    settings = {
        "raw_dir": raw_dir,
        "db_path": db_path,
        "raw_format": "parquet",
        "work_dir": work_dir,
        "extra_env": {"RAW_SOURCE_SYSTEM": "salesforce"},
    }
    # unit tests pin their own dates: they run after the build, unpinned
    run = dbt(
        [
            "build",
            "--vars",
            f"{{as_of_date: '{as_of}'}}",
            "--exclude-resource-type",
            "unit_test",
        ],
        **settings,
    )
    assert run.returncode == 0, run.output[-6000:]
    # every unit test enabled for Salesforce, unpinned, as make warehouse runs them
    unit = dbt(["test", "--resource-type", "unit_test"], **settings)
    assert unit.returncode == 0, unit.output[-6000:]
    assert unit.output.count(" PASS adapt_salesforce__") == 2, unit.output[-4000:]
    return Warehouse(raw_dir, db_path, "parquet", run, json.loads(json.dumps(manifest)))


def test_the_contract_copy_is_the_demo_delivery(salesforce_warehouse, demo_warehouse):
    """The organisation compared is the demo's: its contract-shaped copy is the demo's
    delivery, file for file."""
    copy = salesforce_warehouse.raw_dir / "_contract"
    for path in sorted(demo_warehouse.raw_dir.glob("*.parquet")):
        assert (copy / path.name).read_bytes() == path.read_bytes(), path.name


def test_builds_green_without_warnings(salesforce_warehouse):
    output = salesforce_warehouse.build.output
    assert " ERROR=0 " in output and " WARN=0 " in output, output[-4000:]


def test_every_salesforce_row_is_accounted_for(salesforce_warehouse):
    """Every row of every Salesforce table feeds its contract table, or is counted as
    soft-deleted or out of scope; the rows feeding a contract table are its adapter
    model's (the audit's own test), and staging accounts for every one of those."""
    rows = dict(
        salesforce_warehouse.query(
            "select source_table, sum(source_rows) from audit.audit_adapter_row_counts "
            "group by 1"
        )
    )
    written = salesforce_warehouse.manifest["row_counts"]
    assert rows == {t: n for t, n in written.items() if t != "sales_goals" and n}
    scopes = dict(
        salesforce_warehouse.query(
            "select row_scope, sum(source_rows) from audit.audit_adapter_row_counts "
            "where source_table in ('task', 'lead_history') group by 1"
        )
    )
    # the generator's to-do tasks and rating changes are out of scope, and counted
    assert scopes["out_of_scope"] > 0
    assert {"telephony_calls", "email_messages", "crm_lead_status_history"} <= set(
        scopes
    )
    unaccounted = salesforce_warehouse.query(
        "select raw_table, unaccounted_rows from audit.audit_row_counts "
        "where unaccounted_rows <> 0"
    )
    assert unaccounted == []


def _rounded(rows: list[tuple]) -> list[tuple]:
    """Floats to 9 significant digits: a sum in another order may differ in its last
    bits (653336.78000000 vs 653336.7799999)."""
    return [
        tuple(float(f"{v:.9g}") if isinstance(v, float) else v for v in row)
        for row in rows
    ]


@pytest.mark.parametrize("kpi", sorted(EQUAL))
def test_same_numbers_as_the_contract_delivery(
    kpi, salesforce_warehouse, demo_warehouse
):
    sql = EQUAL[kpi]
    contract = _rounded(demo_warehouse.query(sql))
    salesforce = _rounded(salesforce_warehouse.query(sql))
    assert contract, f"{kpi}: no rows to compare"
    only_contract = sorted(set(contract) - set(salesforce), key=str)
    only_salesforce = sorted(set(salesforce) - set(contract), key=str)
    assert not only_contract and not only_salesforce, (
        f"{kpi}: {len(only_contract)} rows only in the contract build, e.g. "
        f"{only_contract[:3]}; {len(only_salesforce)} only in the Salesforce build, "
        f"e.g. {only_salesforce[:3]}"
    )
    assert len(contract) == len(salesforce)


def test_what_salesforce_does_not_carry_is_null_not_zero(salesforce_warehouse):
    """SMS, email tracking and inbound emails are not in Salesforce: their daily counts
    are null (no data from the source), never 0; outbound emails are counted."""
    (row,) = salesforce_warehouse.query(
        "select count(sms_sent), count(emails_opened), count(emails_received), "
        "sum(emails_sent) from marts.fct_rep_activity_daily"
    )
    assert row[:3] == (0, 0, 0) and row[3] > 0
    assert salesforce_warehouse.query("select count(*) from marts.fct_nps_monthly") == [
        (0,)
    ]


def test_calls_and_emails_link_by_their_record_ids(salesforce_warehouse):
    """Salesforce tasks carry no numbers or addresses: every linked call and email is
    linked by its record ids (who_id, what_id), and as many are linked as in the
    contract build's address matching."""
    linked = dict(
        salesforce_warehouse.query(
            "select linked_via, count(*) from intermediate.int_activity_counterparts_identified "
            "where activity_type = 'call' group by 1"
        )
    )
    assert set(linked) <= {"crm_ids", None} and linked.get("crm_ids", 0) > 0


def test_sales_cycle_differs_only_where_first_contact_is_not_carried(
    salesforce_warehouse, demo_warehouse
):
    """The sales cycle runs from first contact (SPEC §3). It is the same in both shapes
    except for an opportunity whose first contact was an SMS or an inbound email, which
    Salesforce does not carry: every other opportunity's cycle is equal."""
    sql = "select opportunity_id, first_contact_at, sales_cycle_days from marts.fct_opportunities"
    contract, salesforce = demo_warehouse.query(sql), salesforce_warehouse.query(sql)
    differing = {row[0] for row in set(contract) - set(salesforce)}
    first_contact_not_carried = {
        row[0]
        for row in demo_warehouse.query(
            """
            select opportunities.opportunity_id
            from marts.fct_opportunities as opportunities
            inner join marts.fct_activities as activities
                on activities.occurred_at = opportunities.first_contact_at
                and (
                    activities.account_id = opportunities.account_id
                    or activities.lead_id = opportunities.converted_lead_id
                )
            where activities.activity_type = 'sms'
                or activities.activity_type = 'email'
                and activities.direction = 'inbound'
            """
        )
    }
    assert differing <= first_contact_not_carried, sorted(
        differing - first_contact_not_carried
    )[:5]
    assert len(differing) < 0.1 * len(contract)


def test_the_mart_checks_pass(salesforce_warehouse, tmp_path):
    """make warehouse's last step, the GX mart checks, passes on the Salesforce build:
    the marts of sources Salesforce does not carry are empty for a known reason."""
    from sales_warehouse.quality.marts import validate_marts

    report = validate_marts(salesforce_warehouse.db_path, build_dir=tmp_path)
    assert report.ok, report.format("mart expectations failed:")


def test_the_raw_check_reads_salesforce_tables(
    salesforce_warehouse, tmp_path, monkeypatch
):
    """The GX raw check (make warehouse's first step) checks Salesforce's tables as
    declared in its source YAML and the contract tables beside them (goals), accepts
    the tables Salesforce does not carry being absent, and stops a delivery without a
    required table, naming it."""
    from sales_warehouse.quality.raw import validate_raw

    monkeypatch.setenv("RAW_SOURCE_SYSTEM", "salesforce")
    report = validate_raw(salesforce_warehouse.raw_dir, "parquet", build_dir=tmp_path)
    assert report.ok, report.format("raw check")
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in salesforce_warehouse.raw_dir.glob("*.parquet"):
        if path.stem not in ("account", "lead_history"):
            (broken / path.name).symlink_to(path)
    report = validate_raw(broken, "parquet", build_dir=tmp_path / "build")
    errors = "\n".join(str(finding) for finding in report.errors)
    assert not report.ok and "account" in errors and "lead_history" not in errors
    assert any("lead_history was not delivered" in n for n in report.notices)


def test_an_org_without_lead_history_builds_from_csv(tmp_path):
    """A Salesforce delivery as CSV (every value text) without the optional
    lead_history table (an org not tracking lead status history) stages green: the
    table is read as empty, so is the lead lifecycle history; the leads are staged."""
    from sales_warehouse.generator import generate

    raw_dir = tmp_path / "raw"
    generate(
        raw_dir,
        scale=0.05,
        seed=TEST_SEED,
        fmt="csv",
        loaded_at=LOADED_AT,
        source_system="salesforce",
    )
    (raw_dir / "lead_history.csv").unlink()
    run = dbt(
        [
            "build",
            "--select",
            "+stg_crm__lead_status_history",
            "+stg_crm__leads",
            "--indirect-selection",
            "cautious",
        ],
        raw_dir=raw_dir,
        db_path=tmp_path / "warehouse.duckdb",
        raw_format="csv",
        work_dir=tmp_path,
        extra_env={"RAW_SOURCE_SYSTEM": "salesforce"},
    )
    assert run.returncode == 0, run.output[-4000:]
    assert "Raw table lead_history was not delivered: read as empty" in run.output
    warehouse = Warehouse(raw_dir, tmp_path / "warehouse.duckdb", "csv", run)
    assert warehouse.query(
        "select count(*) from staging.stg_crm__lead_status_history"
    ) == [(0,)]
    assert warehouse.query("select count(*) from staging.stg_crm__leads")[0][0] > 0
