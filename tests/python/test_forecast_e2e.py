"""Forecast and pipeline-movement marts against an independent computation from the raw
files (SPEC §8): the pipeline waterfall of every month and fiscal quarter and rep,
recomputed in plain SQL over the Parquet files on a grid of every deal and day (not the
models' runs of days), each day's state being the deal's latest stage-history row."""

from __future__ import annotations

import pytest
from independent import raw_connection

MEASURES = (
    "opening_count",
    "opening_amount",
    "created_count",
    "created_amount",
    "increased_amount",
    "decreased_amount",
    "reopened_count",
    "reopened_amount",
    "won_count",
    "won_amount",
    "lost_count",
    "lost_amount",
    "moved_in_count",
    "moved_in_amount",
    "moved_out_count",
    "moved_out_amount",
    "closing_count",
    "closing_amount",
)

# One row per deal and day from its first known state to the as-of date: the latest
# stage-history row on or before the day (deals without history: the record from its
# creation), with the owner of that row, else of the record (`unknown` if not a user).
DEAL_DAYS = """
    users as (select distinct trim(user_id) as user_id from crm_users_latest),
    opportunities as (
        select
            trim(opportunity_id) as opportunity_id,
            cast(created_at as date) as created_day,
            trim(owner_user_id) as owner_id,
            amount,
            upper(trim(currency)) as currency,
            lower(trim(stage_name)) as stage_name
        from crm_opportunities_latest
    ),
    history as (
        select
            trim(history.opportunity_id) as opportunity_id,
            history.history_id,
            lower(trim(history.stage_name)) as stage_name,
            coalesce(history.amount, opportunities.amount) as amount,
            coalesce(upper(trim(history.currency)), opportunities.currency) as currency,
            nullif(trim(history.owner_user_id), '') as owner_id,
            history.changed_at
        from crm_opportunity_stage_history_latest as history
        inner join opportunities
            on trim(history.opportunity_id) = opportunities.opportunity_id
        where nullif(trim(history.stage_name), '') is not null
    ),
    states as (
        select * from history
        union all
        select
            opportunity_id, null, stage_name, amount, currency, owner_id,
            cast(created_day as timestamp)
        from opportunities
        where opportunity_id not in (select opportunity_id from history)
    ),
    days as (
        select cast(unnest(generate_series(
            date '2020-01-01', cast($as_of as date), interval 1 day)) as date) as day
    ),
    deal_days as (
        select
            opportunities.opportunity_id,
            days.day,
            states.stage_name not in ('closed_won', 'closed_lost') as is_open,
            states.stage_name = 'closed_won' as is_won,
            states.amount,
            states.currency,
            case
                when coalesce(states.owner_id, opportunities.owner_id)
                    in (select user_id from users)
                    then coalesce(states.owner_id, opportunities.owner_id)
                else 'unknown'
            end as owner_id
        from opportunities
        inner join days
            on days.day >= opportunities.created_day
        inner join states
            on states.opportunity_id = opportunities.opportunity_id
            and cast(states.changed_at as date) <= days.day
        qualify row_number() over (
            partition by opportunities.opportunity_id, days.day
            order by states.changed_at desc, states.history_id desc
        ) = 1
    ),
    with_previous as (
        select
            *,
            lag(day) over deal is null as is_first,
            lag(is_open) over deal as was_open,
            lag(amount) over deal as previous_amount,
            lag(currency) over deal as previous_currency,
            lag(owner_id) over deal as previous_owner_id
        from deal_days
        window deal as (partition by opportunity_id order by day)
    )
"""

# Each deal-day in each period that contains it, or whose next day starts it (the
# opening), amounts at the rate of the period's first month, rounded to cents.
VALUED = """
    fx as (
        select cast(month_start as date) as month_start, currency,
            cast(usd_per_unit as decimal(18, 8)) as usd_per_unit
        from read_csv('seeds/fx_rates_monthly.csv', header = true)
    ),
    periods as (
        select distinct 'month' as period_type,
            cast(date_trunc('month', day) as date) as period_start
        from days
        union all
        select distinct 'fiscal_quarter', cast(date_trunc('quarter', day) as date)
        from days
    ),
    bounds as (
        select
            period_type,
            period_start,
            least(
                cast(period_start + case period_type
                    when 'month' then interval 1 month else interval 3 month end
                    - interval 1 day as date),
                cast($as_of as date)
            ) as period_end
        from periods
    ),
    valued as (
        select
            bounds.*,
            with_previous.*,
            coalesce(round(case when with_previous.currency = 'USD'
                then with_previous.amount else with_previous.amount * fx.usd_per_unit
                end, 2), 0) as value,
            coalesce(round(case when with_previous.previous_currency = 'USD'
                then with_previous.previous_amount
                else with_previous.previous_amount * previous_fx.usd_per_unit
                end, 2), 0) as previous_value
        from bounds
        inner join with_previous
            on with_previous.day between bounds.period_start - 1 and bounds.period_end
        left join fx
            on fx.month_start = bounds.period_start
            and fx.currency = with_previous.currency
        left join fx as previous_fx
            on previous_fx.month_start = bounds.period_start
            and previous_fx.currency = with_previous.previous_currency
    )
"""

LINES = """
    select period_type, period_start, owner_id, 'opening', 1, value from valued
    where day = period_start - 1 and is_open
    union all
    select period_type, period_start, owner_id, 'closing', 1, value from valued
    where day = period_end and is_open
    union all
    select period_type, period_start, owner_id, 'created', 1, value from valued
    where day >= period_start and is_first
    union all
    select period_type, period_start, owner_id, 'reopened', 1, value from valued
    where day >= period_start and not is_first and not was_open and is_open
    union all
    select period_type, period_start, owner_id,
        case when is_won then 'won' else 'lost' end, 1, value
    from valued
    where day >= period_start and (is_first or was_open) and not is_open
    union all
    select period_type, period_start, previous_owner_id, 'moved_out', 1, previous_value
    from valued
    where day >= period_start and was_open and owner_id != previous_owner_id
    union all
    select period_type, period_start, owner_id, 'moved_in', 1, previous_value
    from valued
    where day >= period_start and was_open and owner_id != previous_owner_id
    union all
    select period_type, period_start, owner_id, 'increased', 0, value - previous_value
    from valued
    where day >= period_start and was_open and value > previous_value
    union all
    select period_type, period_start, owner_id, 'decreased', 0, previous_value - value
    from valued
    where day >= period_start and was_open and value < previous_value
"""


@pytest.fixture(scope="module")
def raw(demo_warehouse):
    con = raw_connection(demo_warehouse)
    yield con
    con.close()


def test_pipeline_waterfall_matches_a_day_by_day_replay_of_the_raw_files(
    demo_warehouse, raw
):
    as_of = demo_warehouse.query(
        "select as_of_date from intermediate.int_data_date_bounds"
    )[0][0]
    lines = raw.execute(
        f"with {DEAL_DAYS}, {VALUED} {LINES}", {"as_of": as_of}
    ).fetchall()
    expected: dict[tuple, dict[str, float]] = {}
    for period_type, period_start, rep, line, count, amount in lines:
        row = expected.setdefault(
            (period_type, period_start, rep), dict.fromkeys(MEASURES, 0)
        )
        if count:
            row[f"{line}_count"] += count
        row[f"{line}_amount"] += float(amount)
    actual = {
        (row[0], row[1], row[2]): dict(zip(MEASURES, map(float, row[3:])))
        for row in demo_warehouse.query(
            f"select period_type, period_start, rep_id, {', '.join(MEASURES)} "
            "from marts.fct_pipeline_movements"
        )
    }
    assert len(expected) > 100
    assert sum(row["won_count"] for row in expected.values()) > 50
    assert set(actual) == set(expected)
    for key, row in expected.items():
        assert actual[key] == pytest.approx(row, abs=0.005), key
