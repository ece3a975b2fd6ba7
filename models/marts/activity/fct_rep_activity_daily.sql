{#
    Activity KPIs per rep and day (SPEC §3 "Activity", §5). An activity's day is its UTC
    date (calls: start, emails and SMS: sent, meetings: scheduled start); email tracking
    counts on the day the message was sent, whenever the event arrived; meetings are
    booked on the UTC date the meeting was created (int_rep_activity_contributions,
    summed per rep and day by int_rep_activity_days_summed). Every working day of the rep's
    regional calendar while employed (hire date, or first activity, to termination or
    the as-of date) has a row, zeros when nothing happened, so that per-day averages are
    honest; a day with activity that is not such a day (weekend, holiday, after
    termination) has a row too. Zero days are for users who sell: role sdr or ae, or
    any activity or opportunity at all (a manager who never sells has no rows). The
    unknown rep (orphan ids) has rows on its activity days only. Every count is
    additive: sum it over days, reps or teams. A count whose source delivered no row
    (no phone system, no email tool; activity_count_sources) is null on every day: no
    data from that source, not zero activity (SPEC §6).
#}

{#- Every count but activity time, which is the sum of two of them. #}
{%- set measures = activity_daily_counts() | reject('equalto', 'activity_time_seconds')
    | list %}
{%- set counts = activity_daily_counts() %}
{%- set sources = activity_count_sources() %}
{%- set int_type = dbt.type_int() %}

with

daily_measures as (
    select * from {{ ref('int_rep_activity_days_summed') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

business_days as (
    select * from {{ ref('int_business_days_by_region') }}
),

-- Which activity sources delivered anything at all (the models of
-- activity_count_sources()).
delivered as (
    select
        (select count(*) from {{ ref('stg_telephony__calls') }}) > 0
            as has_stg_telephony__calls,
        (select count(*) from {{ ref('stg_email__messages') }}) > 0
            as has_stg_email__messages,
        (select count(*) from {{ ref('stg_email__events') }}) > 0
            as has_stg_email__events,
        false as has_not_carried,
        (select count(*) from {{ ref('stg_telephony__sms') }}) > 0
            as has_stg_telephony__sms,
        (select count(*) from {{ ref('stg_crm__meetings') }}) > 0
            as has_stg_crm__meetings
),

rep_calendars as (
    select
        reps.rep_id,
        reps.team_id,
        reps.role,
        {{ business_calendar_region('reps.region') }} as calendar_region,
        cast(reps.hired_at as date) as hired_on,
        cast(reps.terminated_at as date) as terminated_on
    from reps
),

first_activity_days as (
    select
        rep_id,
        min(date_day) as first_activity_day
    from daily_measures
    group by 1
),

employed_working_days as (
    select
        business_days.date_day,
        rep_calendars.rep_id
    from rep_calendars
    left join first_activity_days
        on rep_calendars.rep_id = first_activity_days.rep_id
    inner join business_days
        on
            rep_calendars.calendar_region = business_days.region
            and business_days.is_working_day
            and business_days.date_day >= coalesce(
                rep_calendars.hired_on, first_activity_days.first_activity_day
            )
            and business_days.date_day
            <= coalesce(rep_calendars.terminated_on, {{ as_of_date() }})
            and business_days.date_day <= {{ as_of_date() }}
    where
        rep_calendars.rep_id != 'unknown'
        {#- Users who never do sales work (managers without any activity) get no
            zero days: they would dilute the per-rep-day averages of their team. #}
        and (
            rep_calendars.role in ('sdr', 'ae')
            or first_activity_days.rep_id is not null
        )
),

rep_days as (
    select
        date_day,
        rep_id
    from employed_working_days
    union
    select
        date_day,
        rep_id
    from daily_measures
),

joined as (
    select
        rep_days.date_day,
        rep_days.rep_id,
        coalesce(rep_calendars.team_id, 'unknown') as team_id,
        coalesce(business_days.is_working_day, false) as is_working_day,
        {%- for measure in measures %}
        {%- if measure in sources %}
        case
            when delivered.has_{{ sources[measure] }}
                then coalesce(daily_measures.{{ measure }}, 0)
        end as {{ measure }},
        {%- else %}
        coalesce(daily_measures.{{ measure }}, 0) as {{ measure }},
        {%- endif %}
        {%- endfor %}
        case
            when delivered.has_stg_telephony__calls or delivered.has_stg_crm__meetings
                then
                    coalesce(daily_measures.talk_time_seconds, 0)
                    + coalesce(daily_measures.meeting_time_seconds, 0)
        end as activity_time_seconds
    from rep_days
    cross join delivered
    left join rep_calendars
        on rep_days.rep_id = rep_calendars.rep_id
    left join business_days
        on
            rep_days.date_day = business_days.date_day
            and {{ business_calendar_region('rep_calendars.calendar_region') }}
            = business_days.region
    left join daily_measures
        on
            rep_days.date_day = daily_measures.date_day
            and rep_days.rep_id = daily_measures.rep_id
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(is_working_day as {{ dbt.type_boolean() }}) as is_working_day,
        {%- for measure in counts[:-1] %}
        cast({{ measure }} as {{ int_type }}) as {{ measure }},
        {%- endfor %}
        cast({{ counts[-1] }} as {{ int_type }}) as {{ counts[-1] }}
    from joined
)

select * from final
