{#
    Leaderboard (SPEC §9 coaching): one row per period type (month, fiscal quarter),
    period and rep: the rep's bookings, quota attainment and win rate (the rep rows of
    fct_sales_scorecard) and activity (fct_rep_activity_periods: outbound calls,
    emails sent, completed meetings, and their sum as activities), with the rep's rank
    in the team and in the company by bookings (1 = most; ties share a rank and the
    next rank is skipped), and by activities. The unknown rep is not ranked.
#}
with

scorecard as (
    select * from {{ ref('fct_sales_scorecard') }}
),

activity_periods as (
    select * from {{ ref('fct_rep_activity_periods') }}
),

rep_periods as (
    select
        scorecard.period_type,
        scorecard.period_start,
        scorecard.scope_id as rep_id,
        scorecard.team_id,
        scorecard.bookings,
        scorecard.deals_won,
        scorecard.quota_attainment,
        scorecard.win_rate,
        coalesce(activity_periods.outbound_calls, 0) as outbound_calls,
        coalesce(activity_periods.emails_sent, 0) as emails_sent,
        coalesce(activity_periods.meetings_completed, 0) as meetings_completed
    from scorecard
    left join activity_periods
        on
            scorecard.period_type = activity_periods.period_type
            and scorecard.period_start = activity_periods.period_start
            and scorecard.scope_id = activity_periods.rep_id
    where
        scorecard.scope = 'rep'
        and scorecard.scope_id != 'unknown'
        and scorecard.period_type in ('month', 'quarter')
),

with_activities as (
    select
        *,
        outbound_calls + emails_sent + meetings_completed as activities
    from rep_periods
),

ranked as (
    select
        *,
        rank() over (
            partition by period_type, period_start, team_id
            order by bookings desc
        ) as bookings_rank_in_team,
        rank() over (
            partition by period_type, period_start
            order by bookings desc
        ) as bookings_rank_in_company,
        rank() over (
            partition by period_type, period_start, team_id
            order by activities desc
        ) as activities_rank_in_team,
        rank() over (
            partition by period_type, period_start
            order by activities desc
        ) as activities_rank_in_company
    from with_activities
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(bookings as {{ money_type() }}) as bookings,
        cast(deals_won as integer) as deals_won,
        cast(quota_attainment as double) as quota_attainment,
        cast(win_rate as double) as win_rate,
        cast(outbound_calls as integer) as outbound_calls,
        cast(emails_sent as integer) as emails_sent,
        cast(meetings_completed as integer) as meetings_completed,
        cast(activities as integer) as activities,
        cast(bookings_rank_in_team as integer) as bookings_rank_in_team,
        cast(bookings_rank_in_company as integer) as bookings_rank_in_company,
        cast(activities_rank_in_team as integer) as activities_rank_in_team,
        cast(activities_rank_in_company as integer) as activities_rank_in_company
    from ranked
)

select * from final
