"""Goal attainment against an independent computation from the raw files (SPEC §3
goals): bookings and calls goals of reps, recomputed with plain SQL over the Parquet
files and the FX seed."""

from __future__ import annotations

import pytest
from independent import raw_connection


@pytest.fixture(scope="module")
def as_of(demo_warehouse):
    return demo_warehouse.query(
        "select as_of_date from intermediate.int_data_date_bounds"
    )[0][0]


@pytest.fixture(scope="module")
def raw(demo_warehouse):
    con = raw_connection(demo_warehouse)
    yield con
    con.close()


def test_rep_bookings_goal_attainment_matches_raw(demo_warehouse, raw, as_of):
    expected = {
        goal_id: (target, actual)
        for goal_id, target, actual in raw.execute(
            """
            with fx as (
                select * from read_csv('seeds/fx_rates_monthly.csv', header = true)
            ),
            won as (
                select
                    opportunities.owner_user_id,
                    opportunities.close_date,
                    case
                        when upper(trim(opportunities.currency)) = 'USD'
                            then opportunities.amount
                        else opportunities.amount * fx.usd_per_unit
                    end as amount_usd
                from crm_opportunities_latest as opportunities
                left join fx
                    on upper(trim(opportunities.currency)) = fx.currency
                    and date_trunc('month', opportunities.close_date) = fx.month_start
                where opportunities.is_won
            ),
            goals as (
                select * from sales_goals_latest
                where lower(trim(scope)) = 'user' and lower(trim(metric)) = 'bookings'
                    and period_end <= ?
            )
            select
                goals.goal_id,
                goals.target_value,
                coalesce(sum(round(won.amount_usd, 2)), 0)
            from goals
            left join won
                on won.owner_user_id = goals.scope_id
                and won.close_date between goals.period_start and goals.period_end
            group by 1, 2
        """,
            [as_of],
        ).fetchall()
    }
    actual = {
        goal_id: (target, actual)
        for goal_id, target, actual in demo_warehouse.query("""
            select goal_id, target, actual from marts.fct_goal_attainment
            where scope = 'user' and metric = 'bookings' and is_period_complete
        """)
    }
    assert len(expected) > 20
    assert set(actual) == set(expected)
    for goal_id, (target, value) in expected.items():
        assert actual[goal_id][0] == pytest.approx(float(target), abs=0.01), goal_id
        assert actual[goal_id][1] == pytest.approx(float(value), abs=0.05), goal_id


def test_rep_calls_goal_attainment_matches_raw(demo_warehouse, raw, as_of):
    expected = dict(
        raw.execute(
            """
        with goals as (
            select * from sales_goals_latest
            where lower(trim(scope)) = 'user' and lower(trim(metric)) = 'calls'
                and period_end <= ?
        ),
        calls as (
            select user_id, cast(cast(started_at as timestamp) as date) as call_date
            from telephony_calls_latest
            where lower(trim(direction)) = 'outbound'
        )
        select goals.goal_id, count(calls.user_id)
        from goals
        left join calls
            on calls.user_id = goals.scope_id
            and calls.call_date between goals.period_start and goals.period_end
        group by 1
    """,
            [as_of],
        ).fetchall()
    )
    actual = dict(
        demo_warehouse.query("""
        select goal_id, actual from marts.fct_goal_attainment
        where scope = 'user' and metric = 'calls' and is_period_complete
    """)
    )
    assert len(expected) > 20
    assert actual == pytest.approx({k: float(v) for k, v in expected.items()})
