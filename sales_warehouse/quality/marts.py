"""Mart checks after the build: what dbt's generic tests do not express well.

Every check is a GX suite ``marts.<mart>.<check>`` over a frame that DuckDB computes from
the warehouse (read-only), run as a checkpoint:

* ranges and distributions: company win rate, deal size, connect rate, sales cycle, talk
  time, FX coverage, channel mapping, calendar shape, within plausible bounds;
* day coverage: no day missing in daily facts and in the calendar (`day_coverage`);
* monotonic cumulative columns never decrease within their partition (`monotonic`);
* row-count change against the previous validated build of the same warehouse file
  (kept in ``<build>/mart_row_counts.json``): losing more than 10 % of a mart's rows is an
  error, growing by more than 50 % a warning; a mart that disappeared is an error.

A check whose mart does not exist (yet) is skipped with a notice. Severity: everything is
an error except the row-count growth warning.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .engine import Batch, Finding, Report, Validator, meta

MARTS_SCHEMA = "marts"
ROW_COUNT_FILE = "mart_row_counts.json"
MAX_SHRINK = 0.10  # error: a mart lost more than 10 % of its rows since the last build
MAX_GROWTH = 0.50  # warning: a mart grew by more than 50 %


@dataclass(frozen=True)
class MartCheck:
    """A frame computed from `mart` (SQL with {mart}, {dim_date}, {marts} placeholders)
    and the expectations on it."""

    mart: str
    name: str
    sql: str
    expectations: Callable[[], list]
    needs: tuple[str, ...] = field(default=())
    columns: tuple[str, ...] = field(default=())  # the mart columns it checks

    @property
    def suite_name(self) -> str:
        return f"marts.{self.mart}.{self.name}"


def _gxe():
    import great_expectations.expectations as gxe

    return gxe


# --------------------------------------------------------------------------------------
# Generic checks
# --------------------------------------------------------------------------------------
def day_coverage(
    mart: str,
    date_column: str = "date_day",
    partition_by: tuple = (),
    working_days_only: bool = False,
    min_share: float = 1.0,
) -> MartCheck:
    """No day missing between the first and the last day of the mart (per partition when
    given; only working days of dim_date when `working_days_only`). `missing_day` holds
    the date of every day of dim_date in that span without a row, else null."""
    partition = list(partition_by)
    keys = ", ".join(partition + [f"{date_column} as date_day"])
    group = ", ".join(partition)
    working = "and calendar.is_working_day" if working_days_only else ""
    span_join = " and ".join(
        [f"present.{c} = spans.{c}" for c in partition]
        + ["present.date_day = calendar.date_day"]
    )
    select_span = ", ".join(
        partition + ["min(date_day) as first_day", "max(date_day) as last_day"]
    )
    sql = f"""
        with present as (select distinct {keys} from {{mart}}),
        spans as (
            select {select_span} from present {"group by " + group if group else ""}
        )
        select
            {"".join(f"spans.{c}, " for c in partition)}calendar.date_day,
            case when present.date_day is null
                then cast(calendar.date_day as varchar) end as missing_day
        from spans
        inner join {{dim_date}} as calendar
            on calendar.date_day between spans.first_day and spans.last_day {working}
        left join present on {span_join}
    """
    days = "working days" if working_days_only else "days"
    per = f" of each {', '.join(partition)}" if partition else ""

    def expectations():
        return [
            _gxe().ExpectColumnValuesToBeNull(
                column="missing_day",
                mostly=min_share,
                meta=meta(
                    "no_missing_day",
                    date_column,
                    f"are {days} without a row between the first and the last day{per}",
                ),
            )
        ]

    return MartCheck(mart, "day_coverage", sql, expectations, needs=("dim_date",))


def monotonic(
    mart: str,
    columns: tuple[str, ...],
    order_by: str = "date_day",
    partition_by: tuple = (),
) -> MartCheck:
    """Cumulative columns never decrease along `order_by` within each partition (nulls,
    e.g. actuals after the as-of date, are skipped). `<column>_change` is the change since
    the previous non-null value."""
    window = (
        f"partition by {', '.join(partition_by)} " if partition_by else ""
    ) + f"order by {order_by} rows between unbounded preceding and 1 preceding"
    changes = ",\n".join(
        f"{c} - last_value({c} ignore nulls) over ({window}) as {c}_change"
        for c in columns
    )
    sql = f"select {', '.join([*partition_by, order_by])}, {changes} from {{mart}}"

    def expectations():
        return [
            _gxe().ExpectColumnValuesToBeBetween(
                column=f"{c}_change",
                min_value=-1e-6,
                meta=meta(
                    "cumulative_never_decreases",
                    c,
                    f"are decreases of {c} from one {order_by} to the next",
                ),
            )
            for c in columns
        ]

    return MartCheck(mart, "monotonic", sql, expectations, columns=tuple(columns))


def plausible(
    mart: str,
    name: str,
    sql: str,
    expectations: Callable[[], list],
    needs: tuple[str, ...] = (),
) -> MartCheck:
    return MartCheck(mart, name, sql, expectations, needs)


# --------------------------------------------------------------------------------------
# The checks on the public marts (SPEC §5)
# --------------------------------------------------------------------------------------
def _win_rate():
    gxe = _gxe()
    return [
        gxe.ExpectColumnMeanToBeBetween(
            column="is_won",
            min_value=0.05,
            max_value=0.8,
            meta=meta(
                "win_rate_plausible",
                "is_won",
                "company win rate (won / closed deals, all close dates)",
            ),
        )
    ]


def _win_rate_monthly():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="win_rate",
            min_value=0.02,
            max_value=0.95,
            mostly=0.9,
            meta=meta(
                "win_rate_plausible",
                "win_rate",
                "are monthly company win rates (months with >= 10 closed deals) "
                "outside 2 %-95 %",
            ),
        )
    ]


def _deal_size():
    gxe = _gxe()
    return [
        gxe.ExpectColumnMeanToBeBetween(
            column="amount",
            min_value=500,
            max_value=1_000_000,
            meta=meta(
                "deal_size_plausible",
                "amount",
                "average won deal size (reporting currency)",
            ),
        ),
        gxe.ExpectColumnMedianToBeBetween(
            column="amount",
            min_value=500,
            max_value=500_000,
            meta=meta(
                "deal_size_plausible",
                "amount",
                "median won deal size (reporting currency)",
            ),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="amount",
            min_value=0,
            max_value=50_000_000,
            strict_min=True,
            meta=meta(
                "deal_size_plausible",
                "amount",
                "are won amounts not above 0 or above 50 million",
            ),
        ),
    ]


def _fx_coverage():
    gxe = _gxe()
    return [
        gxe.ExpectColumnMeanToBeBetween(
            column="is_fx_rate_missing",
            min_value=0,
            max_value=0.05,
            meta=meta(
                "fx_rate_coverage",
                "is_fx_rate_missing",
                "share of deals without an FX rate (is the FX seed out of date?)",
            ),
        )
    ]


def _sales_cycle():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="sales_cycle_days",
            min_value=0,
            max_value=1095,
            mostly=0.99,
            meta=meta(
                "sales_cycle_plausible",
                "sales_cycle_days",
                "are sales cycles of closed deals outside 0-1,095 days",
            ),
        ),
        gxe.ExpectColumnMeanToBeBetween(
            column="sales_cycle_days",
            min_value=7,
            max_value=365,
            meta=meta(
                "sales_cycle_plausible",
                "sales_cycle_days",
                "mean sales cycle of closed deals (days)",
            ),
        ),
    ]


def _connect_rate():
    gxe = _gxe()
    return [
        gxe.ExpectColumnMeanToBeBetween(
            column="is_connected",
            min_value=0.03,
            max_value=0.6,
            meta=meta(
                "connect_rate_plausible",
                "is_connected",
                "connect rate (connected / outbound calls)",
            ),
        )
    ]


def _talk_time():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="duration_seconds",
            min_value=0,
            max_value=4 * 3600,
            mostly=0.99,
            meta=meta(
                "talk_time_plausible",
                "duration_seconds",
                "are answered calls longer than 4 hours or negative",
            ),
        ),
        gxe.ExpectColumnMedianToBeBetween(
            column="duration_seconds",
            min_value=30,
            max_value=1800,
            meta=meta(
                "talk_time_plausible",
                "duration_seconds",
                "median talk time per answered call (seconds)",
            ),
        ),
    ]


def _link_coverage():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="unlinked_share",
            min_value=0,
            max_value=0.5,
            meta=meta(
                "link_coverage_plausible",
                "unlinked_share",
                "are activity types with more than half of their activities unlinked",
            ),
        )
    ]


def _channel_mapping():
    gxe = _gxe()
    return [
        gxe.ExpectColumnMeanToBeBetween(
            column="is_other_channel",
            min_value=0,
            max_value=0.25,
            meta=meta(
                "channel_mapping_coverage",
                "channel",
                "share of leads in channel `other` (is channel_mapping missing "
                "lead sources?)",
            ),
        )
    ]


def _calendar():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="days_since_previous_day",
            min_value=1,
            max_value=1,
            meta=meta(
                "no_missing_day",
                "date_day",
                "are gaps or repeats in the calendar (days since previous day)",
            ),
        ),
        gxe.ExpectColumnMeanToBeBetween(
            column="is_working_day",
            min_value=0.55,
            max_value=0.8,
            meta=meta(
                "working_day_share_plausible",
                "is_working_day",
                "share of working days in the calendar",
            ),
        ),
    ]


def _rep_connect_rate():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="connect_rate",
            min_value=0.03,
            max_value=0.6,
            mostly=0.9,
            meta=meta(
                "connect_rate_plausible",
                "connected_calls",
                "are monthly company connect rates (connected / outbound calls) "
                "outside 3 %-60 %",
            ),
        )
    ]


def _pipeline_amounts():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="open_pipeline_amount",
            min_value=0,
            meta=meta(
                "pipeline_not_negative",
                "open_pipeline_amount",
                "are negative open pipeline amounts",
            ),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="weighted_share",
            min_value=0,
            max_value=1.000001,
            meta=meta(
                "weighted_pipeline_within_open",
                "weighted_pipeline_amount",
                "are weighted pipelines above the open pipeline",
            ),
        ),
    ]


def _rep_performance():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="avg_deal_size",
            min_value=0,
            max_value=5_000_000,
            mostly=0.99,
            meta=meta(
                "deal_size_plausible",
                "avg_deal_size",
                "are average deal sizes per rep and month outside 0-5 million",
            ),
        ),
        *_attainment("quota_attainment", "rep-month quota attainment"),
    ]


def _attainment(column: str, what: str) -> list:
    """One big deal against a small monthly quota is 10x attainment; a quota in the
    wrong unit moves the whole distribution."""
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column,
            min_value=0,
            max_value=100,
            meta=meta(
                "attainment_plausible", column, f"are {what}s below 0 or above 10,000 %"
            ),
        ),
        gxe.ExpectColumnMeanToBeBetween(
            column=column,
            min_value=0.05,
            max_value=5,
            meta=meta("attainment_plausible", column, f"mean {what}"),
        ),
    ]


def _goal_attainment():
    return _attainment("attainment", "goal attainment")


def _nps():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="nps",
            min_value=-100,
            max_value=100,
            meta=meta("nps_range", "nps", "are NPS values outside -100..100"),
        )
    ]


# Forecast and pipeline movement (SPEC §8)
FORECAST_METHODS = [
    "statistical",
    "weighted_pipeline",
    "run_rate",
    "commit",
    "best_case",
]
PERIOD_TYPES = ["month", "fiscal_quarter"]
SCOPES = ["rep", "team", "company"]
MOVEMENT_LINES = [
    *(
        f"{line}_{kind}"
        for line in (
            "opening",
            "created",
            "reopened",
            "won",
            "lost",
            "moved_in",
            "moved_out",
            "closing",
        )
        for kind in ("count", "amount")
    ),
    "increased_amount",
    "decreased_amount",
]


def _in_domains(**domains: list[str]) -> list:
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column=column,
            value_set=values,
            meta=meta(
                "forecast_domain",
                column,
                f"are values of {column} outside {', '.join(values)}",
            ),
        )
        for column, values in domains.items()
    ]


def _pipeline_movements():
    """The waterfall identity on every row (the dbt test checks it at build time; this
    re-checks the table that is served), no negative line, months and quarters that
    start on a period's first day."""
    gxe = _gxe()
    return [
        *(
            gxe.ExpectColumnValuesToBeBetween(
                column=f"{kind}_residual",
                min_value=-0.005,
                max_value=0.005,
                meta=meta(
                    "waterfall_identity",
                    f"closing_{kind}",
                    f"are rows whose opening + movements != closing ({kind})",
                ),
            )
            for kind in ("count", "amount")
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="smallest_line",
            min_value=0,
            meta=meta(
                "waterfall_not_negative",
                None,
                "are rows with a negative count or amount in a waterfall line",
            ),
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="is_period_start",
            value_set=[True],
            meta=meta(
                "forecast_domain",
                "period_start",
                "are period starts that are not the first day of their month or "
                "fiscal quarter",
            ),
        ),
        *_in_domains(period_type=PERIOD_TYPES),
    ]


def _forecast_categories():
    """Forecasts are ordered (won <= commit <= best case), weighted pipeline within the
    open pipeline, coverage not negative, and only the as-of date's current and next
    month and fiscal quarter."""
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column,
            min_value=-0.005,
            meta=meta("forecast_ordered", column, f"are rows with {describe}"),
        )
        for column, describe in (
            ("commit_over_won", "a commit forecast below won so far"),
            ("best_case_over_commit", "a best-case forecast below the commit forecast"),
            ("open_over_weighted", "a weighted pipeline above the open pipeline"),
            ("smallest_amount", "a negative amount"),
            ("pipeline_coverage", "a negative pipeline coverage"),
        )
    ] + [
        gxe.ExpectColumnValuesToBeInSet(
            column="is_current_or_next",
            value_set=[True],
            meta=meta(
                "forecast_domain",
                "period_start",
                "are periods other than the as-of date's current or next month or "
                "fiscal quarter",
            ),
        ),
        *_in_domains(period_type=PERIOD_TYPES, scope=SCOPES),
    ]


def _forecast_backtest():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="absolute_percentage_error",
            min_value=0,
            meta=meta(
                "ape_not_negative",
                "absolute_percentage_error",
                "are negative absolute percentage errors",
            ),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="actual_amount",
            min_value=0,
            meta=meta("backtest_amounts", "actual_amount", "are negative actuals"),
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="is_checkpoint",
            value_set=[True],
            meta=meta(
                "backtest_checkpoints",
                "checkpoint_date",
                "are checkpoints that are neither the period's first day nor a Monday "
                "in it, or lie outside the period or after the as-of date",
            ),
        ),
        *_in_domains(method=FORECAST_METHODS, period_type=PERIOD_TYPES, scope=SCOPES),
    ]


def _backtest_coverage():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeNull(
            column="missing_period",
            meta=meta(
                "backtest_covers_every_period",
                "period_start",
                "are complete months or fiscal quarters of the calendar without a "
                "company backtest row",
            ),
        )
    ]


def _forecast_accuracy():
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="mean_absolute_percentage_error",
            min_value=0,
            meta=meta(
                "ape_not_negative",
                "mean_absolute_percentage_error",
                "are negative mean absolute percentage errors",
            ),
        ),
        # every method must be scored where another is: a method with no scored
        # period is a backtest that lost its actuals
        gxe.ExpectColumnValuesToBeBetween(
            column="periods_scored",
            min_value=1,
            meta=meta(
                "accuracy_scored",
                "periods_scored",
                "are methods without a single scored period of a period type that "
                "others have scored",
            ),
        ),
        *_in_domains(method=FORECAST_METHODS, period_type=PERIOD_TYPES, scope=SCOPES),
    ]


CHECKS: list[MartCheck] = [
    plausible(
        "dim_date",
        "calendar",
        """
        select
            date_day,
            cast(date_diff('day', lag(date_day) over (order by date_day), date_day)
                as double) as days_since_previous_day,
            cast(is_working_day as double) as is_working_day
        from {mart}
    """,
        _calendar,
    ),
    plausible(
        "fct_opportunities",
        "win_rate",
        "select cast(is_won as double) as is_won from {mart} where is_closed",
        _win_rate,
    ),
    plausible(
        "fct_opportunities",
        "deal_size",
        "select cast(amount as double) as amount from {mart} "
        "where is_won and amount is not null",
        _deal_size,
    ),
    plausible(
        "fct_opportunities",
        "fx_coverage",
        "select cast(is_fx_rate_missing as double) as is_fx_rate_missing from {mart}",
        _fx_coverage,
    ),
    plausible(
        "fct_opportunities",
        "sales_cycle",
        "select cast(sales_cycle_days as double) as sales_cycle_days from {mart} "
        "where is_closed",
        _sales_cycle,
    ),
    plausible(
        "fct_opportunity_outcomes_monthly",
        "win_rate",
        """
        select
            close_month,
            sum(won_opportunities) / sum(won_opportunities + lost_opportunities)
                as win_rate
        from {mart}
        group by 1
        having sum(won_opportunities + lost_opportunities) >= 10
    """,
        _win_rate_monthly,
    ),
    plausible(
        "fct_activities",
        "connect_rate",
        "select cast(is_connected as double) as is_connected from {mart} "
        "where activity_type = 'call' and direction = 'outbound'",
        _connect_rate,
    ),
    plausible(
        "fct_activities",
        "talk_time",
        "select cast(duration_seconds as double) as duration_seconds from {mart} "
        "where activity_type = 'call' and is_answered",
        _talk_time,
    ),
    plausible(
        "fct_activity_link_coverage",
        "unlinked_share",
        "select activity_type, cast(unlinked_share as double) as unlinked_share "
        "from {mart}",
        _link_coverage,
    ),
    plausible(
        "fct_leads",
        "channel_mapping",
        "select cast(channel = 'other' as double) as is_other_channel from {mart}",
        _channel_mapping,
    ),
    day_coverage(
        "fct_funnel_stage_counts_daily", working_days_only=True, min_share=0.98
    ),
    day_coverage("fct_rep_activity_daily", working_days_only=True, min_share=0.99),
    plausible(
        "fct_rep_activity_daily",
        "connect_rate",
        """
        select
            date_trunc('month', date_day) as month_start,
            sum(connected_calls) / sum(outbound_calls) as connect_rate
        from {mart}
        group by 1
        having sum(outbound_calls) >= 100
    """,
        _rep_connect_rate,
    ),
    day_coverage("fct_pipeline_daily"),
    plausible(
        "fct_pipeline_daily",
        "amounts",
        """
        select
            cast(open_pipeline_amount as double) as open_pipeline_amount,
            cast(weighted_pipeline_amount as double)
                / nullif(cast(open_pipeline_amount as double), 0) as weighted_share
        from {mart}
    """,
        _pipeline_amounts,
    ),
    plausible(
        "fct_rep_performance_monthly",
        "ranges",
        "select cast(avg_deal_size as double) as avg_deal_size, "
        "cast(quota_attainment as double) as quota_attainment from {mart}",
        _rep_performance,
    ),
    day_coverage("fct_goal_attainment_daily", partition_by=("goal_id",)),
    monotonic(
        "fct_goal_attainment_daily",
        ("target_cumulative", "actual_cumulative"),
        partition_by=("goal_id",),
    ),
    plausible(
        "fct_goal_attainment",
        "attainment",
        "select cast(attainment as double) as attainment from {mart}",
        _goal_attainment,
    ),
    plausible(
        "fct_nps_monthly", "nps", "select cast(nps as double) as nps from {mart}", _nps
    ),
    plausible(
        "fct_pipeline_movements",
        "waterfall",
        f"""
        select
            period_type,
            opening_count + created_count + reopened_count - won_count - lost_count
                + moved_in_count - moved_out_count - closing_count as count_residual,
            cast(opening_amount + created_amount + increased_amount - decreased_amount
                + reopened_amount - won_amount - lost_amount + moved_in_amount
                - moved_out_amount - closing_amount as double) as amount_residual,
            cast(least({", ".join(MOVEMENT_LINES)}) as double) as smallest_line,
            period_start = case period_type
                when 'month' then calendar.month_start
                else calendar.quarter_start
            end as is_period_start
        from {{mart}}
        left join {{dim_date}} as calendar on calendar.date_day = period_start
    """,
        _pipeline_movements,
        needs=("dim_date",),
    ),
    plausible(
        "fct_forecast_categories",
        "forecast",
        """
        with as_of as (
            select month_start, quarter_start from {dim_date} where is_as_of_date
        )
        select
            period_type,
            scope,
            cast(commit_forecast_amount - won_amount as double) as commit_over_won,
            cast(best_case_forecast_amount - commit_forecast_amount as double)
                as best_case_over_commit,
            cast(open_pipeline_amount - weighted_pipeline_amount as double)
                as open_over_weighted,
            cast(least(won_amount, commit_amount, best_case_amount, pipeline_amount,
                omitted_amount, open_pipeline_amount, weighted_pipeline_amount)
                as double) as smallest_amount,
            pipeline_coverage,
            case period_type
                when 'month' then period_start in (
                    as_of.month_start, as_of.month_start + interval 1 month)
                else period_start in (
                    as_of.quarter_start, as_of.quarter_start + interval 3 month)
            end as is_current_or_next
        from {mart}
        cross join as_of
    """,
        _forecast_categories,
        needs=("dim_date",),
    ),
    plausible(
        "fct_forecast_backtest",
        "backtest",
        """
        with as_of as (select date_day from {dim_date} where is_as_of_date)
        select
            method,
            period_type,
            scope,
            cast(absolute_percentage_error as double) as absolute_percentage_error,
            cast(actual_amount as double) as actual_amount,
            (checkpoint_date = period_start or isodow(checkpoint_date) = 1)
                and checkpoint_date >= period_start
                and checkpoint_date < period_start + case period_type
                    when 'month' then interval 1 month else interval 3 month end
                and checkpoint_date <= as_of.date_day as is_checkpoint
        from {mart}
        cross join as_of
    """,
        _forecast_backtest,
        needs=("dim_date",),
    ),
    plausible(
        "fct_forecast_backtest",
        "coverage",
        """
        with as_of as (select date_day from {dim_date} where is_as_of_date),
        periods as (
            select distinct 'month' as period_type, month_start as period_start,
                month_start + interval 1 month as next_start
            from {dim_date}
            union all
            select distinct 'fiscal_quarter', quarter_start,
                quarter_start + interval 3 month
            from {dim_date}
        ),
        complete as (
            select periods.*
            from periods
            cross join as_of
            where periods.next_start <= as_of.date_day + 1
                -- a period the calendar starts within is not complete
                and periods.period_start >= (select min(date_day) from {dim_date})
        ),
        backtested as (
            select distinct period_type, period_start from {mart}
            where scope = 'company'
        )
        select
            complete.period_type,
            complete.period_start,
            case when backtested.period_start is null
                then cast(complete.period_start as varchar) end as missing_period
        from complete
        left join backtested
            on complete.period_type = backtested.period_type
            and complete.period_start = backtested.period_start
    """,
        _backtest_coverage,
        needs=("dim_date",),
    ),
    plausible(
        "fct_forecast_accuracy",
        "accuracy",
        """
        select
            method,
            period_type,
            scope,
            mean_absolute_percentage_error,
            -- null (not checked) when no method is scored: a delivery without
            -- bookings has no actual to score against
            case
                when sum(periods_scored) over (partition by period_type) > 0
                    then cast(sum(periods_scored) over (partition by method, period_type)
                        as double)
            end as periods_scored
        from {mart}
    """,
        _forecast_accuracy,
    ),
]


# --------------------------------------------------------------------------------------
# Row-count change against the previous build
# --------------------------------------------------------------------------------------
def _row_count_expectations(
    mart: str, previous: int | None, may_be_empty: bool = False
) -> list:
    gxe = _gxe()
    expectations = (
        []
        if may_be_empty
        else [
            gxe.ExpectColumnValuesToBeBetween(
                column="row_count",
                min_value=1,
                meta=meta("mart_not_empty", None, "the mart is empty"),
            )
        ]
    )
    if previous:
        low = int(previous * (1 - MAX_SHRINK))
        high = int(previous * (1 + MAX_GROWTH))
        expectations += [
            gxe.ExpectColumnValuesToBeBetween(
                column="row_count",
                min_value=low,
                meta=meta(
                    "row_count_change",
                    None,
                    f"row count fell by more than {MAX_SHRINK:.0%} since the "
                    f"previous build ({previous:,} rows)",
                    previous=previous,
                ),
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="row_count",
                max_value=high,
                severity="warning",
                meta=meta(
                    "row_count_change",
                    None,
                    f"row count grew by more than {MAX_GROWTH:.0%} since the "
                    f"previous build ({previous:,} rows)",
                    previous=previous,
                ),
            ),
        ]
    return expectations


def _fed_by_empty_tables(con) -> set[str]:
    """Marts downstream of a raw table that staged no row (a source the company does
    not have, SPEC §6): they may be empty. From the audit layer's lineage."""
    try:
        return {
            mart
            for (mart,) in con.execute(
                "select distinct lineage.mart from audit.audit_mart_sources as lineage "
                "inner join audit.audit_row_counts as row_counts "
                "on lineage.raw_table = row_counts.raw_table "
                "where row_counts.staged_rows = 0"
            ).fetchall()
        }
    except duckdb.Error:  # a warehouse built before the audit lineage existed
        return set()


def load_row_counts(build_dir: Path, warehouse: Path) -> dict[str, int]:
    path = build_dir / ROW_COUNT_FILE
    if not path.exists():
        return {}
    state = json.loads(path.read_text())
    return state.get("warehouses", {}).get(str(warehouse), {}).get("row_counts", {})


def save_row_counts(build_dir: Path, warehouse: Path, counts: dict[str, int]) -> None:
    path = build_dir / ROW_COUNT_FILE
    state = json.loads(path.read_text()) if path.exists() else {}
    state.setdefault("warehouses", {})[str(warehouse)] = {
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "row_counts": dict(sorted(counts.items())),
    }
    build_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2) + "\n")


# --------------------------------------------------------------------------------------
def validate_marts(
    duckdb_path: Path | str,
    *,
    build_dir: Path | str | None = "build",
    docs: bool = True,
    marts_schema: str = MARTS_SCHEMA,
    checks: list[MartCheck] | None = None,
    accept_row_counts: bool = False,
    row_count_key: str | Path | None = None,
) -> Report:
    """Run every mart suite on the warehouse; `report.ok` is false on any error.
    Row counts are compared with the previous validated build kept under
    `row_count_key` (default: this warehouse file; a refresh that builds a candidate
    file passes the live file's path)."""
    warehouse = Path(duckdb_path).resolve()
    baseline = Path(row_count_key).resolve() if row_count_key else warehouse
    if not warehouse.exists():
        raise FileNotFoundError(
            f"warehouse file {warehouse} does not exist: run dbt build"
        )
    build = Path(build_dir) if build_dir else None
    validator = Validator("marts", build, docs)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [marts_schema],
            ).fetchall()
        }
        if not marts:
            validator.add(
                Finding(
                    "marts",
                    marts_schema,
                    None,
                    "marts_present",
                    f"no marts in schema {marts_schema} of {warehouse}",
                )
            )
            return validator.finish()

        def relation(name: str) -> str:
            return f'"{marts_schema}"."{name}"'

        fed_by_empty = _fed_by_empty_tables(con)
        skipped = set()
        for check in checks if checks is not None else CHECKS:
            missing = [m for m in (check.mart, *check.needs) if m not in marts]
            if missing:
                if missing[0] not in skipped:
                    validator.notice(
                        f"mart {missing[0]} does not exist in {warehouse.name} (yet): "
                        f"its suites are skipped"
                    )
                    skipped.add(missing[0])
                continue
            sql = check.sql.format(
                mart=relation(check.mart),
                dim_date=relation("dim_date"),
                marts=marts_schema,
            )
            try:
                frame = con.execute(sql).df()
            except duckdb.Error as error:
                validator.add(
                    Finding(
                        "marts",
                        check.mart,
                        None,
                        check.name,
                        "could not be checked: " + str(error).splitlines()[0],
                    )
                )
                continue
            expectations = check.expectations()
            if check.mart in fed_by_empty:
                # no data from a source that delivered nothing: nothing to judge
                # (a column expected to be null, e.g. missing_day, is judged as usual)
                no_data = {c for c in frame.columns if frame[c].isna().all()}
                expectations = [
                    e
                    for e in expectations
                    if getattr(e, "column", None) not in no_data
                    or isinstance(e, _gxe().ExpectColumnValuesToBeNull)
                ]
                if not expectations:
                    validator.notice(
                        f"mart {check.mart}: no data from a source that "
                        f"delivered no rows, suite {check.suite_name} "
                        "skipped"
                    )
                    continue
            validator.run(Batch(check.suite_name, check.mart, frame, expectations))

        counts = {
            name: con.execute(f"select count(*) from {relation(name)}").fetchone()[0]
            for name in sorted(marts)
        }
    previous = load_row_counts(build, baseline) if build else {}
    if accept_row_counts:
        previous = {}
    for name in sorted(set(previous) - set(counts)):
        validator.add(
            Finding(
                "marts",
                name,
                None,
                "row_count_change",
                f"the mart disappeared since the previous build "
                f"({previous[name]:,} rows)",
            )
        )
    import pandas as pd

    for name, count in counts.items():
        validator.run(
            Batch(
                f"marts.{name}.row_count",
                name,
                pd.DataFrame({"row_count": [count]}),
                _row_count_expectations(name, previous.get(name), name in fed_by_empty),
            )
        )
    report = validator.finish()
    if build and (report.ok or accept_row_counts):
        save_row_counts(build, baseline, counts)
    return report
