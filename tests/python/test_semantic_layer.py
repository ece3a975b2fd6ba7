"""The semantic layer (dbt semantic models + MetricFlow, models/semantic/) answers what
the marts answer: for a handful of metrics and slices, the SQL MetricFlow generates from
the project's semantic manifest is run against the built warehouse (read-only) and must
equal the mart's own numbers.

MetricFlow's `mf` CLI opens the warehouse through the dbt adapter (a read-write
connection); here the engine only compiles the query (`explain`) and the SQL runs on a
read-only DuckDB connection, the way every reader of the warehouse does."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
from metricflow.protocols.sql_client import SqlEngine
from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer
from metricflow_semantics.model.dbt_manifest_parser import (
    parse_manifest_from_dbt_generated_manifest,
)
from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup


class _CompileOnlyDuckDbClient:
    """The SqlClient MetricFlowEngine needs to pick its DuckDB dialect; it never
    executes anything."""

    sql_engine_type = SqlEngine.DUCKDB
    sql_plan_renderer = DuckDbSqlPlanRenderer()

    def query(self, *args, **kwargs):
        raise NotImplementedError("queries run on a read-only DuckDB connection")

    execute = dry_run = query

    def close(self) -> None:
        pass

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


class SemanticLayer:
    def __init__(self, semantic_manifest_path: Path, db_path: Path):
        manifest = parse_manifest_from_dbt_generated_manifest(
            manifest_json_string=semantic_manifest_path.read_text()
        )
        self.engine = MetricFlowEngine(
            semantic_manifest_lookup=SemanticManifestLookup(manifest),
            sql_client=_CompileOnlyDuckDbClient(),
        )
        self.db_path = db_path

    def sql(
        self, metrics: list[str], group_by: list[str], where: list[str] | None = None
    ) -> str:
        request = MetricFlowQueryRequest.create(
            metric_names=metrics, group_by_names=group_by, where_constraints=where
        )
        return self.engine.explain(request).sql_statement.sql

    def rows(
        self, metrics: list[str], group_by: list[str], where: list[str] | None = None
    ) -> dict[tuple, tuple]:
        """{group-by values: metric values}, in the order asked for."""
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            cursor = con.execute(self.sql(metrics, group_by, where))
            names = [column[0] for column in cursor.description]
            result = {}
            for row in cursor.fetchall():
                record = dict(zip(names, row))
                key = tuple(_normalise(record[name]) for name in group_by)
                result[key] = tuple(_normalise(record[name]) for name in metrics)
        return result


def _normalise(value):
    """Compare MetricFlow's output (timestamps, doubles) with the marts' (dates,
    decimals): dates as dates, numbers as floats, NaN as None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def assert_same(actual: dict, expected: dict, *, rel: float = 1e-9, abs_: float = 1e-6):
    assert expected, "the mart returned no rows to compare"
    assert actual.keys() == expected.keys(), (
        f"slices differ: only semantic layer "
        f"{sorted(actual.keys() - expected.keys())[:5]}, "
        f"only mart {sorted(expected.keys() - actual.keys())[:5]}"
    )
    mismatches = []
    for key, expected_values in expected.items():
        for got, want in zip(actual[key], expected_values):
            if want is None or got is None:
                ok = got is None and want is None
            else:
                ok = got == pytest.approx(want, rel=rel, abs=abs_)
            if not ok:
                mismatches.append((key, actual[key], expected_values))
                break
    assert not mismatches, f"{len(mismatches)} slices differ, e.g. {mismatches[:3]}"


@pytest.fixture(scope="module")
def semantic(demo_warehouse) -> SemanticLayer:
    path = demo_warehouse.build.target_path / "semantic_manifest.json"
    assert path.exists(), "dbt did not write the semantic manifest"
    return SemanticLayer(path, demo_warehouse.db_path)


def _mart(demo_warehouse, sql: str) -> dict[tuple, tuple]:
    """{slice: numbers} from a mart query whose last `n` columns are the numbers; the
    query ends with `-- metrics: n`."""
    metric_columns = int(sql.rsplit("-- metrics:", 1)[1].split()[0])
    return {
        tuple(_normalise(value) for value in row[:-metric_columns]): tuple(
            _normalise(value) for value in row[-metric_columns:]
        )
        for row in demo_warehouse.query(sql)
    }


def test_win_rate_by_team_by_fiscal_quarter_equals_scorecard(demo_warehouse, semantic):
    actual = semantic.rows(
        ["deals_won", "deals_closed", "win_rate"],
        ["team", "metric_time__fiscal_quarter"],
    )
    actual = {key: values for key, values in actual.items() if values[1]}
    expected = _mart(
        demo_warehouse,
        """
        select scope_id, period_start, deals_won, deals_closed, win_rate
        from marts.fct_sales_scorecard
        where period_type = 'quarter' and scope = 'team' and deals_closed > 0
        -- metrics: 3
    """,
    )
    assert len(expected) > 10
    assert_same(actual, expected)


def test_sales_ops_deal_rates_by_team_by_fiscal_quarter_equal_scorecard(
    demo_warehouse, semantic
):
    """SPEC §9 from fct_opportunities' rows (semantic) and from the scorecard's
    rollup: renewal bookings, renewal win rate and demo-to-win rate."""
    actual = semantic.rows(
        ["renewal_bookings", "renewals_closed", "renewal_win_rate", "demo_to_win_rate"],
        ["team", "metric_time__fiscal_quarter"],
    )
    actual = {
        key: (values[0] or 0.0, *values[2:])
        for key, values in actual.items()
        if values[1]
    }
    expected = _mart(
        demo_warehouse,
        """
        select scope_id, period_start, renewal_bookings, renewal_win_rate,
               demo_to_win_rate
        from marts.fct_sales_scorecard
        where period_type = 'quarter' and scope = 'team' and renewals_closed > 0
        -- metrics: 3
    """,
    )
    assert len(expected) > 10
    assert_same(actual, expected)


def test_connect_rate_by_local_hour_equals_effectiveness_mart(demo_warehouse, semantic):
    actual = semantic.rows(
        ["call_attempts", "call_connects", "connect_rate"],
        ["activity__occurred_hour_local"],
    )
    actual = {key: values for key, values in actual.items() if values[0]}
    expected = _mart(
        demo_warehouse,
        """
        select
            hour_local,
            sum(attempts),
            sum(connects),
            cast(sum(connects) as double) / sum(attempts)
        from marts.fct_activity_effectiveness
        where activity_type = 'call'
        group by 1
        -- metrics: 3
    """,
    )
    assert len(expected) >= 12
    assert_same(actual, expected)


def test_connect_rate_by_team_by_month_equals_daily_activity_mart(
    demo_warehouse, semantic
):
    # The same ratio metric, sliced by time and team instead of local hour, agrees with
    # the per-rep daily mart (a day is the activity's UTC date in both).
    actual = semantic.rows(
        ["call_attempts", "call_connects", "connect_rate"],
        ["rep__team_id", "metric_time__month"],
    )
    actual = {key: values for key, values in actual.items() if values[0]}
    expected = _mart(
        demo_warehouse,
        """
        select
            team_id,
            cast(date_trunc('month', date_day) as date),
            sum(outbound_calls),
            sum(connected_calls),
            cast(sum(connected_calls) as double) / sum(outbound_calls)
        from marts.fct_rep_activity_daily
        group by 1, 2
        having sum(outbound_calls) > 0
        -- metrics: 3
    """,
    )
    assert_same(actual, expected)


def test_bookings_by_month_equals_scorecard(demo_warehouse, semantic):
    actual = semantic.rows(
        ["bookings", "deals_won", "avg_deal_size"], ["metric_time__month"]
    )
    actual = {key: values for key, values in actual.items() if values[1]}
    expected = _mart(
        demo_warehouse,
        """
        select period_start, bookings, deals_won, avg_deal_size
        from marts.fct_sales_scorecard
        where period_type = 'month' and scope = 'company' and deals_won > 0
        -- metrics: 3
    """,
    )
    assert len(expected) > 12
    # avg_deal_size is stored as money (2 decimals) in the mart
    assert_same(actual, expected, abs_=0.006)


def test_nps_by_month_equals_nps_mart(demo_warehouse, semantic):
    by_segment = semantic.rows(
        ["nps_responses", "nps"], ["metric_time__month", "nps_month_segment__segment"]
    )
    expected_by_segment = _mart(
        demo_warehouse,
        """
        select month_start, segment, responses, nps from marts.fct_nps_monthly
        -- metrics: 2
    """,
    )
    assert_same(by_segment, expected_by_segment)
    # a month over all segments: the counts are summed first, then the formula
    by_month = semantic.rows(["nps_responses", "nps"], ["metric_time__month"])
    expected_by_month = _mart(
        demo_warehouse,
        """
        select
            month_start,
            sum(responses),
            (sum(promoters) - sum(detractors)) * 100.0 / sum(responses)
        from marts.fct_nps_monthly
        group by 1
        -- metrics: 2
    """,
    )
    assert len(expected_by_month) > 12
    assert_same(by_month, expected_by_month)


def test_pipeline_snapshot_and_velocity_by_team_by_month_equal_scorecard(
    demo_warehouse, semantic
):
    # Open pipeline is a snapshot (semi-additive over days): a month shows its last day
    # (the as-of date for the current month), as the scorecard does.
    actual = semantic.rows(
        [
            "open_opportunities",
            "open_pipeline",
            "weighted_pipeline",
            "pipeline_velocity",
        ],
        ["team", "metric_time__month"],
    )
    actual = {key: values for key, values in actual.items() if values[0]}
    expected = _mart(
        demo_warehouse,
        """
        select
            scope_id, period_start, open_opportunities, open_pipeline_amount,
            weighted_pipeline_amount, pipeline_velocity
        from marts.fct_sales_scorecard
        where period_type = 'month' and scope = 'team' and open_opportunities > 0
        -- metrics: 4
    """,
    )
    assert_same(actual, expected)


def test_cohort_conversion_by_stage_and_channel_equals_conversion_mart(
    demo_warehouse, semantic
):
    actual = semantic.rows(
        ["lead_stage_reached", "lead_stage_converted", "lead_cohort_conversion_rate"],
        [
            "lead_stage_conversion__from_stage",
            "lead_stage_conversion__channel",
            "metric_time__quarter",
        ],
    )
    expected = _mart(
        demo_warehouse,
        """
        select
            from_stage,
            channel,
            cast(date_trunc('quarter', cohort_month) as date),
            count(*),
            sum(case when is_converted then 1 else 0 end),
            sum(case when is_converted then 1 else 0 end) * 1.0 / count(*)
        from marts.fct_lead_stage_conversions
        group by 1, 2, 3
        -- metrics: 3
    """,
    )
    assert_same(actual, expected)


def test_speed_to_lead_by_cohort_month_and_channel_equals_lead_responses_mart(
    demo_warehouse, semantic
):
    actual = semantic.rows(
        [
            "response_leads",
            "leads_responded",
            "leads_responded_within_sla",
            "lead_sla_rate",
            "median_lead_response_minutes",
        ],
        ["lead_response__channel", "metric_time__month"],
    )
    expected = _mart(
        demo_warehouse,
        """
        select
            channel,
            cohort_month,
            count(*),
            sum(case when has_response then 1 else 0 end),
            sum(case when is_within_sla then 1 else 0 end),
            avg(case when is_within_sla then 1.0 else 0.0 end),
            median(response_minutes)
        from marts.fct_lead_responses
        group by 1, 2
        -- metrics: 5
    """,
    )
    assert len(expected) > 12
    assert_same(actual, expected)


def test_pipeline_waterfall_by_team_by_fiscal_quarter_equals_movements_mart(
    demo_warehouse, semantic
):
    lines = ["opening", "created", "won", "lost", "moved_in", "closing"]
    actual = semantic.rows(
        [f"pipeline_{line}_amount" for line in lines]
        + ["pipeline_increased_amount", "pipeline_closing_count"],
        ["team", "metric_time__day"],
        where=["{{ Dimension('pipeline_movement__period_type') }} = 'fiscal_quarter'"],
    )
    expected = _mart(
        demo_warehouse,
        f"""
        select
            team_id, period_start,
            {", ".join(f"sum({line}_amount)" for line in lines)},
            sum(increased_amount), sum(closing_count)
        from marts.fct_pipeline_movements
        where period_type = 'fiscal_quarter'
        group by 1, 2
        -- metrics: {len(lines) + 2}
    """,
    )
    assert len(expected) > 10
    assert_same(actual, expected, abs_=0.006)


def test_forecast_metrics_equal_the_forecast_marts(demo_warehouse, semantic):
    # MAPE as a ratio of sums (Σ APE ÷ scored forecasts) is fct_forecast_accuracy's
    # mean, per method and days into the period
    actual = semantic.rows(
        ["forecast_mape", "backtest_forecasts_scored"],
        ["forecast_backtest__method", "forecast_backtest__days_into_period"],
        where=[
            "{{ Dimension('forecast_backtest__period_type') }} = 'month'",
            "{{ Dimension('forecast_backtest__scope') }} = 'company'",
        ],
    )
    expected = _mart(
        demo_warehouse,
        """
        select method, days_into_period, mean_absolute_percentage_error,
               periods_scored
        from marts.fct_forecast_accuracy
        where period_type = 'month' and scope = 'company'
        -- metrics: 2
    """,
    )
    assert {key[0] for key in expected} >= {"statistical", "run_rate"}
    assert_same(actual, expected)
    # the categories and the coverage of each forecast period, per team
    actual = semantic.rows(
        ["commit_forecast", "best_case_forecast", "pipeline_coverage"],
        ["forecast_period__period_type", "team", "metric_time__day"],
        where=["{{ Dimension('forecast_period__scope') }} = 'team'"],
    )
    expected = _mart(
        demo_warehouse,
        """
        select period_type, scope_id, period_start, commit_forecast_amount,
               best_case_forecast_amount, pipeline_coverage
        from marts.fct_forecast_categories
        where scope = 'team'
        -- metrics: 3
    """,
    )
    assert_same(actual, expected, abs_=0.006)


def test_every_metric_compiles(semantic):
    """Every metric of the semantic layer can be queried by month (or on its own when
    its measures have no day-or-finer time)."""
    metrics = [
        metric.name for metric in semantic.engine.list_metrics(include_dimensions=False)
    ]
    assert len(metrics) > 80
    with duckdb.connect(str(semantic.db_path), read_only=True) as con:
        for name in metrics:
            con.execute(semantic.sql([name], ["metric_time__month"])).fetchall()
