{#
    New opportunities this month vs last month, per rep (SPEC §3 "new opportunities
    created"): one row per month and rep with rows in fct_rep_activity_daily (every
    month of employment up to the as-of date, and any month with activity), the
    opportunities created (by creation date, owner rep), the previous calendar month's
    count and the change. The previous month is null when the rep has no rows in it
    (not yet hired, or a gap): no comparison rather than a false zero.
#}

with

activity_daily as (
    select * from {{ ref('fct_rep_activity_daily') }}
),

monthly as (
    select
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        rep_id,
        team_id,
        sum(opportunities_created) as opportunities_created
    from activity_daily
    group by 1, 2, 3
),

compared as (
    select
        monthly.month_start,
        monthly.rep_id,
        monthly.team_id,
        monthly.opportunities_created,
        previous_month.opportunities_created as previous_month_opportunities_created
    from monthly
    left join monthly as previous_month
        on
            monthly.rep_id = previous_month.rep_id
            and previous_month.month_start
            = cast({{ dbt.dateadd('month', -1, 'monthly.month_start') }} as date)
),

final as (
    select
        cast(month_start as date) as month_start,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(opportunities_created as {{ dbt.type_bigint() }}) as opportunities_created,
        cast(previous_month_opportunities_created as {{ dbt.type_bigint() }})
            as previous_month_opportunities_created,
        cast(
            opportunities_created - previous_month_opportunities_created
            as {{ dbt.type_bigint() }}
        ) as change,
        cast({{ safe_divide(
            'cast(opportunities_created - previous_month_opportunities_created'
            ~ ' as double)',
            'previous_month_opportunities_created'
        ) }} as double) as relative_change
    from compared
)

select * from final
