"""Performance marts against an independent computation from the raw files (SPEC §3
performance): bookings and win rate per team per fiscal quarter, NPS per month and
segment, and the open pipeline replayed from the stage history at every month end,
recomputed with plain SQL over the Parquet files and the FX seed (close month's rate for
bookings, the day's month for the pipeline; US dollars unchanged)."""

from __future__ import annotations

import pytest
from independent import raw_connection

SEEDS = "seeds"

# The owner's team as dim_reps has it: the user's current team if that team exists,
# else `unknown` (also for an owner that is not a user).
OWNER_TEAMS = """
    owner_teams as (
        select
            trim(users.user_id) as user_id,
            coalesce(trim(teams.team_id), 'unknown') as team_id
        from crm_users_latest as users
        left join crm_teams_latest as teams
            on trim(users.team_id) = trim(teams.team_id)
    )
"""

# Rates as exact decimals, as the seed's column types say, so that rounding each amount
# to cents gives the same cents as the warehouse.
FX = f"""
    fx as (
        select
            cast(month_start as date) as month_start,
            currency,
            cast(usd_per_unit as decimal(18, 8)) as usd_per_unit
        from read_csv('{SEEDS}/fx_rates_monthly.csv', header = true)
    )
"""


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


def test_bookings_and_win_rate_per_team_per_quarter_match_raw(
    demo_warehouse, raw, as_of
):
    expected = {
        (team, quarter): (bookings, won, closed)
        for team, quarter, bookings, won, closed in raw.execute(
            f"""
            with {FX}, {OWNER_TEAMS},
            closed as (
                select
                    coalesce(owner_teams.team_id, 'unknown') as team_id,
                    cast(date_trunc('quarter', opportunities.close_date) as date)
                        as quarter_start,
                    opportunities.is_won,
                    round(
                        case
                            when upper(trim(opportunities.currency)) = 'USD'
                                then opportunities.amount
                            else opportunities.amount * fx.usd_per_unit
                        end,
                        2
                    ) as amount_usd
                from crm_opportunities_latest as opportunities
                left join owner_teams
                    on trim(opportunities.owner_user_id) = owner_teams.user_id
                left join fx
                    on upper(trim(opportunities.currency)) = fx.currency
                    and date_trunc('month', opportunities.close_date) = fx.month_start
                where opportunities.is_closed and opportunities.close_date <= ?
            )
            select
                team_id,
                quarter_start,
                coalesce(sum(case when is_won then amount_usd end), 0),
                count(*) filter (where is_won),
                count(*)
            from closed
            group by all
        """,
            [as_of],
        ).fetchall()
    }
    actual = {
        (team, quarter): (bookings, won, closed, win_rate)
        for team, quarter, bookings, won, closed, win_rate in demo_warehouse.query("""
            select scope_id, period_start, bookings, deals_won, deals_closed, win_rate
            from marts.fct_sales_scorecard
            where scope = 'team' and period_type = 'quarter' and deals_closed > 0
        """)
    }
    assert len(expected) > 10
    assert set(actual) == set(expected)
    for key, (bookings, won, closed) in expected.items():
        assert float(actual[key][0]) == pytest.approx(float(bookings), abs=0.01), key
        assert actual[key][1:3] == (won, closed), key
        assert actual[key][3] == pytest.approx(won / closed), key


def test_company_bookings_per_quarter_add_up_to_the_teams(demo_warehouse):
    mismatches = demo_warehouse.query("""
        select company.period_start
        from marts.fct_sales_scorecard as company
        inner join (
            select period_start, sum(bookings) as bookings
            from marts.fct_sales_scorecard
            where scope = 'team' and period_type = 'quarter'
            group by 1
        ) as teams
            on company.period_start = teams.period_start
        where company.scope = 'company' and company.period_type = 'quarter'
            and company.bookings != teams.bookings
    """)
    assert mismatches == []


def test_nps_per_month_and_segment_matches_raw(demo_warehouse, raw, as_of):
    expected = {
        (month, segment): (responses, promoters, detractors)
        for month, segment, responses, promoters, detractors in raw.execute(
            """
            with accounts as (
                select
                    trim(account_id) as account_id,
                    case
                        when lower(trim(segment)) in ('smb', 'mid_market', 'enterprise')
                            then lower(trim(segment))
                        when segment is null or trim(segment) = '' then 'unknown'
                        else 'other'
                    end as segment
                from crm_accounts_latest
            )
            select
                cast(date_trunc('month', responses.responded_at) as date),
                coalesce(accounts.segment, 'unknown'),
                count(*),
                count(*) filter (where responses.score >= 9),
                count(*) filter (where responses.score <= 6)
            from nps_responses_latest as responses
            left join accounts
                on trim(responses.account_id) = accounts.account_id
            where cast(responses.responded_at as date) <= ?
            group by all
        """,
            [as_of],
        ).fetchall()
    }
    actual = {
        (month, segment): (responses, promoters, detractors, nps)
        for month, segment, responses, promoters, detractors, nps in demo_warehouse.query("""
            select month_start, segment, responses, promoters, detractors, nps
            from marts.fct_nps_monthly
        """)
    }
    assert sum(responses for responses, _, _ in expected.values()) > 100
    assert set(actual) == set(expected)
    for key, (responses, promoters, detractors) in expected.items():
        assert actual[key][:3] == (responses, promoters, detractors), key
        assert actual[key][3] == pytest.approx(
            (promoters - detractors) / responses * 100
        ), key


def test_nps_per_month_matches_raw(demo_warehouse, raw, as_of):
    expected = dict(
        raw.execute(
            """
        select
            cast(date_trunc('month', responded_at) as date),
            (count(*) filter (where score >= 9) - count(*) filter (where score <= 6))
                * 100.0 / count(*)
        from nps_responses_latest
        where cast(responded_at as date) <= ?
        group by 1
    """,
            [as_of],
        ).fetchall()
    )
    actual = dict(
        demo_warehouse.query("""
        select
            month_start,
            (sum(promoters) - sum(detractors)) * 100.0 / sum(responses)
        from marts.fct_nps_monthly
        group by 1
    """)
    )
    assert len(expected) > 12
    assert actual == pytest.approx(expected)


def test_open_pipeline_replayed_at_month_ends_matches_raw(demo_warehouse, raw, as_of):
    """Open deals and open pipeline of the company at every month end, replayed from the
    raw stage history: a deal is open on day d if created by d and its last history row
    by d is an open stage (deals without history: current stage from creation)."""
    expected = {
        day: (deals, amount)
        for day, deals, amount in raw.execute(
            f"""
            with {FX},
            days as (
                select cast(last_day(month_start) as date) as day
                from (
                    select unnest(generate_series(
                        date '2023-01-01', cast(? as date), interval 1 month
                    )) as month_start
                )
                where last_day(month_start) <= ?
            ),
            opportunities as (
                select
                    trim(opportunity_id) as opportunity_id,
                    created_at,
                    lower(trim(stage_name)) as stage_name,
                    amount,
                    upper(trim(currency)) as currency
                from crm_opportunities_latest
            ),
            history as (
                select
                    trim(history.opportunity_id) as opportunity_id,
                    history.history_id,
                    lower(trim(history.stage_name)) as stage_name,
                    history.amount,
                    upper(trim(history.currency)) as currency,
                    history.changed_at
                from crm_opportunity_stage_history_latest as history
                inner join opportunities
                    on trim(history.opportunity_id) = opportunities.opportunity_id
                where nullif(trim(history.stage_name), '') is not null
            ),
            states as (
                select * from history
                union all
                select opportunity_id, null, stage_name, amount, currency, created_at
                from opportunities
                where opportunity_id not in (select opportunity_id from history)
            ),
            latest_by_day as (
                select days.day, states.*
                from days
                inner join states
                    on cast(states.changed_at as date) <= days.day
                qualify row_number() over (
                    partition by days.day, states.opportunity_id
                    order by states.changed_at desc, states.history_id desc
                ) = 1
            )
            select
                latest_by_day.day,
                count(*),
                sum(round(
                    case
                        when latest_by_day.currency = 'USD' then latest_by_day.amount
                        else latest_by_day.amount * fx.usd_per_unit
                    end,
                    2
                ))
            from latest_by_day
            inner join opportunities
                on latest_by_day.opportunity_id = opportunities.opportunity_id
            left join fx
                on latest_by_day.currency = fx.currency
                and date_trunc('month', latest_by_day.day) = fx.month_start
            where latest_by_day.stage_name not in ('closed_won', 'closed_lost')
                and cast(opportunities.created_at as date) <= latest_by_day.day
            group by 1
        """,
            [as_of, as_of],
        ).fetchall()
    }
    actual = {
        day: (deals, amount)
        for day, deals, amount in demo_warehouse.query("""
            select date_day, sum(open_opportunities), sum(open_pipeline_amount)
            from marts.fct_pipeline_daily
            where date_day = last_day(date_day)
            group by 1
        """)
    }
    assert len(expected) > 20
    assert set(actual) == set(expected)
    for day, (deals, amount) in expected.items():
        assert actual[day][0] == deals, day
        assert float(actual[day][1]) == pytest.approx(float(amount), abs=0.01), day
