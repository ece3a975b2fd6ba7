{#
    Ramp (SPEC §9): one row per rep and tenure month (tenure_month macro: whole months
    since the hire date, 0 first), from the hire to the as-of date or the rep's last
    day in fct_rep_activity_daily. Per tenure month: bookings and deals won (deals the
    rep owns, by close date, up to the as-of date), outbound calls and completed
    meetings (fct_rep_activity_daily). Every tenure month the rep has days in is a row,
    zeros included. days_to_first_win: days from the hire date to the close date of
    the rep's first won deal (null before any win), on every row of the rep;
    is_first_win_month marks the one row whose tenure month holds that win.
    Activity and deals before the hire date have no tenure month and are left out.
#}
with

reps as (
    select * from {{ ref('dim_reps') }}
),

activity_daily as (
    select * from {{ ref('fct_rep_activity_daily') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

hired_reps as (
    select
        rep_id,
        team_id,
        cast(hired_at as date) as hired_date
    from reps
    where hired_at is not null
),

daily_facts as (
    select
        activity_daily.rep_id,
        activity_daily.date_day,
        0 as bookings,
        0 as deals_won,
        coalesce(activity_daily.outbound_calls, 0) as outbound_calls,
        coalesce(activity_daily.meetings_completed, 0) as meetings_completed
    from activity_daily
),

won_deal_facts as (
    select
        opportunities.owner_rep_id as rep_id,
        opportunities.close_date as date_day,
        coalesce(opportunities.amount, 0) as bookings,
        1 as deals_won,
        0 as outbound_calls,
        0 as meetings_completed
    from opportunities
    cross join as_of
    where opportunities.is_won and opportunities.close_date <= as_of.as_of_date
),

facts as (
    select * from daily_facts
    union all
    select * from won_deal_facts
),

tenure_facts as (
    select
        hired_reps.rep_id,
        hired_reps.team_id,
        hired_reps.hired_date,
        {{ tenure_month('hired_reps.hired_date', 'facts.date_day') }} as tenure_month,
        facts.bookings,
        facts.deals_won,
        facts.outbound_calls,
        facts.meetings_completed
    from facts
    inner join hired_reps
        on facts.rep_id = hired_reps.rep_id
    where facts.date_day >= hired_reps.hired_date
),

per_tenure_month as (
    select
        rep_id,
        team_id,
        hired_date,
        tenure_month,
        sum(bookings) as bookings,
        sum(deals_won) as deals_won,
        sum(outbound_calls) as outbound_calls,
        sum(meetings_completed) as meetings_completed
    from tenure_facts
    group by 1, 2, 3, 4
),

first_wins as (
    select
        hired_reps.rep_id,
        min(won_deal_facts.date_day) as first_won_date
    from won_deal_facts
    inner join hired_reps
        on won_deal_facts.rep_id = hired_reps.rep_id
    where won_deal_facts.date_day >= hired_reps.hired_date
    group by 1
),

final as (
    select
        cast(per_tenure_month.rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(per_tenure_month.team_id as {{ dbt.type_string() }}) as team_id,
        cast(per_tenure_month.hired_date as date) as hired_date,
        cast(per_tenure_month.tenure_month as integer) as tenure_month,
        cast({{ dbt.dateadd(
            'month', 'per_tenure_month.tenure_month', 'per_tenure_month.hired_date'
        ) }} as date) as tenure_month_start,
        cast(per_tenure_month.bookings as {{ money_type() }}) as bookings,
        cast(per_tenure_month.deals_won as integer) as deals_won,
        cast(per_tenure_month.outbound_calls as integer) as outbound_calls,
        cast(per_tenure_month.meetings_completed as integer) as meetings_completed,
        cast(first_wins.first_won_date as date) as first_won_date,
        cast({{ dbt.datediff(
            'per_tenure_month.hired_date', 'first_wins.first_won_date', 'day'
        ) }} as integer) as days_to_first_win,
        coalesce(
            per_tenure_month.tenure_month = {{ tenure_month(
                'per_tenure_month.hired_date', 'first_wins.first_won_date'
            ) }},
            false
        ) as is_first_win_month
    from per_tenure_month
    left join first_wins
        on per_tenure_month.rep_id = first_wins.rep_id
)

select * from final
