{#
    The scopes of the sales scorecard (SPEC §3 performance): every rep that owns an
    opportunity or has a bookings quota (with its current team), every team of those reps
    or with a quota of its own, and the company. int_sales_scorecard_aggregated gives
    each scope a row for every period, zeros included.
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

quotas as (
    select * from {{ ref('int_bookings_quotas_resolved') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

scope_reps as (
    select owner_rep_id as rep_id from opportunities
    union
    select scope_id as rep_id from quotas
    where scope = 'rep'
),

rep_scopes as (
    select
        'rep' as scope,
        reps.rep_id as scope_id,
        reps.team_id
    from reps
    inner join scope_reps
        on reps.rep_id = scope_reps.rep_id
),

team_ids as (
    select team_id from rep_scopes
    union
    select scope_id as team_id from quotas
    where scope = 'team'
),

scopes as (
    select * from rep_scopes
    union all
    select
        'team' as scope,
        team_id as scope_id,
        team_id
    from team_ids
    union all
    select
        'company' as scope,
        'company' as scope_id,
        cast(null as {{ dbt.type_string() }}) as team_id
)

select * from scopes
