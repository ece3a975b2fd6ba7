{#
    Every rollup of fct_rep_activity_daily sums its days: for each period type, the
    rep periods and the team periods add up to the daily rows of the rep or team, count
    by count. Returns one row per period type, rep or team and count that disagrees, and
    per rep or team that is on one side only.
#}
{%- set counts = activity_daily_counts() %}

with

activity_daily as (
    select * from {{ ref('fct_rep_activity_daily') }}
),

rep_periods as (
    select * from {{ ref('fct_rep_activity_periods') }}
),

team_periods as (
    select * from {{ ref('fct_team_activity_periods') }}
),

period_types as (
    select distinct period_type from rep_periods
),

daily_totals as (
    select
        'rep' as grouping,
        rep_id as group_id,
        count(*) as rep_days,
        {%- for measure in counts[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ counts[-1] }}) as {{ counts[-1] }}
    from activity_daily
    group by 1, 2
    union all
    select
        'team' as grouping,
        team_id as group_id,
        count(*) as rep_days,
        {%- for measure in counts[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ counts[-1] }}) as {{ counts[-1] }}
    from activity_daily
    group by 1, 2
),

expected as (
    select
        period_types.period_type,
        daily_totals.*
    from period_types
    cross join daily_totals
),

period_totals as (
    select
        period_type,
        'rep' as grouping,
        rep_id as group_id,
        sum(rep_days) as rep_days,
        {%- for measure in counts[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ counts[-1] }}) as {{ counts[-1] }}
    from rep_periods
    group by 1, 2, 3
    union all
    select
        period_type,
        'team' as grouping,
        team_id as group_id,
        sum(rep_days) as rep_days,
        {%- for measure in counts[:-1] %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        sum({{ counts[-1] }}) as {{ counts[-1] }}
    from team_periods
    group by 1, 2, 3
),

compared as (
    {%- for measure in ['rep_days'] + activity_daily_counts() %}
    select
        coalesce(expected.period_type, period_totals.period_type) as period_type,
        coalesce(expected.grouping, period_totals.grouping) as grouping,
        coalesce(expected.group_id, period_totals.group_id) as group_id,
        '{{ measure }}' as measure,
        expected.group_id is not null and period_totals.group_id is not null
            as is_in_both,
        expected.{{ measure }} as expected_value,
        period_totals.{{ measure }} as actual_value
    from expected
    full outer join period_totals
        on
            expected.period_type = period_totals.period_type
            and expected.grouping = period_totals.grouping
            and expected.group_id = period_totals.group_id
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

-- A count of a source that delivered nothing is null on every day and every rollup
-- (SPEC §6): null on both sides agrees.
select * from compared
where
    not is_in_both
    or not (
        expected_value = actual_value
        or (expected_value is null and actual_value is null)
    )
