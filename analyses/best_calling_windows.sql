{#
    The best and worst calling windows (SPEC §3 activity effectiveness): connect rate of
    outbound calls by weekday and hour in the rep's local time, over all reps and the
    whole history, for windows with at least `min_calls` outbound calls (var
    best_calling_windows_min_calls, default 200) so that a handful of weekend calls
    does not top the list. Rates come from summed counts of fct_activity_effectiveness.
    Compiles to target/compiled/...; run it against the warehouse with any SQL client.
#}

{%- set min_calls = var('best_calling_windows_min_calls', 200) %}

with

effectiveness as (
    select * from {{ ref('fct_activity_effectiveness') }}
),

calling_windows as (
    select
        weekday_local,
        hour_local,
        sum(attempts) as outbound_calls,
        sum(connects) as connected_calls,
        sum(meetings_booked) as meetings_booked
    from effectiveness
    where activity_type = 'call'
    group by 1, 2
),

rated as (
    select
        weekday_local,
        hour_local,
        outbound_calls,
        connected_calls,
        meetings_booked,
        {{ safe_divide('cast(connected_calls as double)', 'outbound_calls') }}
            as connect_rate
    from calling_windows
    where outbound_calls >= {{ min_calls }}
),

ranked as (
    select
        *,
        rank() over (order by connect_rate desc) as best_rank,
        rank() over (order by connect_rate asc) as worst_rank
    from rated
),

final as (
    select * from ranked
    where best_rank <= 5 or worst_rank <= 5
)

select * from final
-- connect rate (column 6), best first; then weekday and hour
order by 6 desc, 1 asc, 2 asc
