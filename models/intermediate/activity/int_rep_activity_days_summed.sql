{#
    The activity counts of each rep and day with at least one contribution
    (int_rep_activity_contributions), summed: the measures of fct_rep_activity_daily
    before the zero days of the rep's calendar are added.
#}

{%- set measures = activity_daily_counts() | reject('equalto', 'activity_time_seconds')
    | list %}

with

contributions as (
    select * from {{ ref('int_rep_activity_contributions') }}
),

summed as (
    select
        cast(date_day as date) as date_day,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        {%- for measure in measures %}
        cast(sum({{ measure }}) as {{ dbt.type_int() }}) as {{ measure }},
        {%- endfor %}
        cast(count(*) as {{ dbt.type_int() }}) as contributions
    from contributions
    group by 1, 2
)

select * from summed
