{#
    What each activity, meeting booking and opportunity adds to its rep's day in
    fct_rep_activity_daily (SPEC §3 "Activity", §5), one row per contribution, in the
    columns of activity_daily_counts():
      - `activity`: a call, email or SMS on the UTC date it occurred, a meeting on its
        scheduled day once it is completed, cancelled, declined or a no-show (a
        scheduled or rescheduled meeting does not make its day, maybe in the future, a
        day with activity); email tracking counts on the day the message was sent,
        whenever the event arrived;
      - `booking`: a meeting, booked on the UTC date it was created (its scheduled start
        when the CRM has no creation time), for its owner;
      - `opportunity`: an opportunity on the UTC date it was created, for its owner.
    The rep is the CRM user, `unknown` for an orphan or missing id, as in the marts.
    Every row counts (`counted_rows` 1) and has at least one count above zero.
    A cold call is an outbound call to a linked lead or contact (activity_person_id())
    that starts no later than their first engagement (int_person_first_engagements),
    or to one never engaged: the first connected call to a person is itself still
    cold, every later call is not. A call to a number that matches no lead or contact
    is not cold.
    Incremental (README, "Incremental models"): a run recomputes the activities that
    int_activities_unioned rewrote since this model's last run (it rewrites every
    activity whose record or links changed) for a new record, or for a new link of an
    outbound call (the person of a cold call); the activities of reps whose user record
    changed; the outbound calls of persons whose first engagement moved since; the
    emails whose tracking int_email_messages_tracked recomputed since; the SMS whose
    reply flag changed; and every opportunity whose rep or day changed. A recomputed
    row keeps the rep and day it had
    (`previous_rep_id`, `previous_date_day`), so that int_rep_activity_days_summed
    recomputes both days; a contribution that is gone (a meeting rescheduled, an
    opportunity deleted) stays as a row of zeros on its old day.
#}

{%- set measures = activity_daily_counts() | reject('equalto', 'activity_time_seconds')
    | list %}

{{ config(
    materialized=incremental_materialization(),
    incremental_strategy=incremental_strategy(),
    unique_key='contribution_id'
) }}
{{ changed_activity_dependencies(['base_crm__users']) }}

with

all_activities as (
    select * from {{ ref('int_activities_unioned') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

person_first_engagements as (
    select * from {{ ref('int_person_first_engagements') }}
),

email_messages_tracked as (
    select * from {{ ref('int_email_messages_tracked') }}
),

sms_replies as (
    select * from {{ ref('int_sms_replies_matched') }}
),

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),
{%- if is_incremental() %}

-- The look-ups below read the models themselves, not the CTEs above: DuckDB
-- materializes a CTE read more than once whole (every row, all columns), while a model
-- read directly is filtered in its scan (a stamp filter skips the older row groups).
moved_first_engagements as (
    select
        person_type,
        person_id
    from {{ ref('int_person_first_engagements') }}
    where {{ recomputed_since_last_run('_recomputed_at') }}
),

-- Outbound calls whose cold-call flag may have changed though int_activities_unioned
-- did not rewrite them: those of a person whose first engagement moved since the last
-- run.
reclassified_calls as (
    select outbound_calls.activity_id
    from {{ ref('int_activities_unioned') }} as outbound_calls
    inner join moved_first_engagements
        on
            {{ activity_person_type('outbound_calls') }}
            = moved_first_engagements.person_type
            and {{ activity_person_id('outbound_calls') }}
            = moved_first_engagements.person_id
    where
        outbound_calls.activity_type = 'call'
        and outbound_calls.direction = 'outbound'
),

-- Emails whose tracking was recomputed since the last run, and stored SMS whose
-- reply flag no longer matches (a reply arrives as another SMS).
reclassified_messages as (
    select activity_id
    from {{ ref('int_email_messages_tracked') }}
    where {{ recomputed_since_last_run('_recomputed_at') }}
    union all
    select stored_contributions.activity_id
    from {{ this }} as stored_contributions
    left join {{ ref('int_sms_replies_matched') }} as stored_sms_replies
        on stored_contributions.activity_id = stored_sms_replies.activity_id
    where
        stored_contributions.sms_sent = 1
        and stored_contributions.sms_replied
        != case when stored_sms_replies.is_replied then 1 else 0 end
),

-- What int_activities_unioned rewrote since the last run and a contribution depends
-- on: a record loaded since (a new version), or an outbound call's person (a re-link).
-- Other re-links (an email's opportunity, say) leave the contribution as it is.
rewritten_activities as (
    select rewritten.activity_id
    from {{ ref('int_activities_unioned') }} as rewritten
    where
        {{ recomputed_since_last_run('rewritten._recomputed_at') }}
        and (
            {{ incremental_window('rewritten._loaded_at', '_loaded_at') }}
            or (rewritten.activity_type = 'call' and rewritten.direction = 'outbound')
        )
),

changed_activities as (
    select rewritten_activities.activity_id from rewritten_activities
    union all
    {{ changed_rep_activity_ids() }}
    union all
    select reclassified_calls.activity_id from reclassified_calls
    union all
    select reclassified_messages.activity_id from reclassified_messages
),

-- The stored activities to recompute, found on their id column alone. Filtering all
-- the activities' columns by the changed ids instead made DuckDB hash every stored
-- activity (it over-estimates the changed ids: scale 30, 17M rows, 3 s of a 5 s run).
recomputed_activities as (
    select stored_activities.activity_id
    from {{ ref('int_activities_unioned') }} as stored_activities
    where {{ is_changed_activity('stored_activities.activity_id') }}
),
{%- endif %}

-- The rep is the CRM user, `unknown` for an orphan or missing id (as in
-- fct_activities and fct_opportunities); the day is the UTC date.
activities as (
    select
        all_activities.*,
        {{ activity_person_type('all_activities') }} as person_type,
        {{ activity_person_id('all_activities') }} as person_id,
        coalesce(users.rep_id, 'unknown') as known_rep_id,
        cast(all_activities.occurred_at as date) as occurred_date
    from all_activities
    {% if is_incremental() %}
    inner join recomputed_activities
        on all_activities.activity_id = recomputed_activities.activity_id
    {% endif %}
    left join users
        on all_activities.rep_id = users.rep_id
),

activities_classified as (
    select
        activities.activity_id,
        activities.activity_type,
        activities.direction,
        activities.known_rep_id as rep_id,
        activities.occurred_date,
        activities.outcome,
        activities.duration_seconds,
        activities.is_answered,
        activities.is_connected,
        activities._loaded_at,
        coalesce(
            activities.person_id is not null
            and activities.person_id != 'unknown'
            and (
                person_first_engagements.first_engaged_at is null
                or person_first_engagements.first_engaged_at >= activities.occurred_at
            ),
            false
        ) as is_cold_call,
        coalesce(email_messages_tracked.is_delivered, false) as is_delivered,
        coalesce(email_messages_tracked.is_opened, false) as is_opened,
        coalesce(email_messages_tracked.is_clicked, false) as is_clicked,
        coalesce(email_messages_tracked.is_replied, false) as is_email_replied,
        coalesce(email_messages_tracked.is_bounced, false) as is_bounced,
        coalesce(sms_replies.is_replied, false) as is_sms_replied
    from activities
    left join person_first_engagements
        on
            activities.person_type = person_first_engagements.person_type
            and activities.person_id = person_first_engagements.person_id
    left join email_messages_tracked
        on activities.activity_id = email_messages_tracked.activity_id
    left join sms_replies
        on activities.activity_id = sms_replies.activity_id
    where
        activities.activity_type != 'meeting'
        or activities.outcome in ('completed', 'cancelled', 'declined', 'no_show')
),

-- The union below is positional: every branch lists the key columns, then the
-- measures in the column order of activity_daily_counts(), then _loaded_at.
activity_contributions as (
    select
        activity_id as contribution_id,
        activity_id,
        'activity' as contribution_type,
        rep_id,
        occurred_date as date_day,
        1 as counted_rows,
        {%- set is_call_out = "activity_type = 'call' and direction = 'outbound'" %}
        {%- set is_email_out = "activity_type = 'email' and direction = 'outbound'" %}
        {%- set is_sms_out = "activity_type = 'sms' and direction = 'outbound'" %}
        case when {{ is_call_out }} then 1 else 0 end as outbound_calls,
        case when {{ is_call_out }} and is_cold_call then 1 else 0 end as cold_calls,
        case when is_connected then 1 else 0 end as connected_calls,
        case
            when activity_type = 'call' and direction = 'inbound' then 1 else 0
        end as inbound_calls,
        case when activity_type = 'call' and is_answered then 1 else 0 end
            as answered_calls,
        case
            when activity_type = 'call' and is_answered
                then coalesce(duration_seconds, 0)
            else 0
        end as talk_time_seconds,
        case when {{ is_email_out }} then 1 else 0 end as emails_sent,
        case when {{ is_email_out }} and is_delivered then 1 else 0 end
            as emails_delivered,
        case when {{ is_email_out }} and is_opened then 1 else 0 end as emails_opened,
        case when {{ is_email_out }} and is_clicked then 1 else 0 end as emails_clicked,
        case when {{ is_email_out }} and is_email_replied then 1 else 0 end
            as emails_replied,
        case when {{ is_email_out }} and is_bounced then 1 else 0 end as emails_bounced,
        case
            when activity_type = 'email' and direction = 'inbound' then 1 else 0
        end as emails_received,
        case when {{ is_sms_out }} then 1 else 0 end as sms_sent,
        case when {{ is_sms_out }} and is_sms_replied then 1 else 0 end as sms_replied,
        case
            when activity_type = 'sms' and direction = 'inbound' then 1 else 0
        end as sms_received,
        0 as meetings_booked,
        {%- for status in ['completed', 'cancelled', 'declined', 'no_show'] %}
        case
            when activity_type = 'meeting' and outcome = '{{ status }}' then 1 else 0
        end as meetings_{{ status }},
        {%- endfor %}
        case
            when activity_type = 'meeting' and outcome = 'completed'
                then coalesce(duration_seconds, 0)
            else 0
        end as meeting_time_seconds,
        0 as opportunities_created,
        case
            when
                activity_type != 'meeting'
                and coalesce(direction, 'other') not in ('outbound', 'inbound')
                then 1
            else 0
        end as activities_without_direction,
        _loaded_at
    from activities_classified
),

booking_contributions as (
    select
        {{ dbt.concat(["'booking:'", 'activities.activity_id']) }} as contribution_id,
        activities.activity_id,
        'booking' as contribution_type,
        activities.known_rep_id as rep_id,
        cast(coalesce(meetings.created_at, activities.occurred_at) as date) as date_day,
        1 as counted_rows,
        {%- for measure in measures %}
        {{ 1 if measure == 'meetings_booked' else 0 }} as {{ measure }},
        {%- endfor %}
        activities._loaded_at
    from activities
    inner join meetings
        on activities.source_record_id = meetings.meeting_id
    where activities.activity_type = 'meeting'
),

opportunity_contributions as (
    select
        {{ dbt.concat(["'opportunity:'", 'opportunities.opportunity_id']) }}
            as contribution_id,
        cast(null as {{ dbt.type_string() }}) as activity_id,
        'opportunity' as contribution_type,
        coalesce(users.rep_id, 'unknown') as rep_id,
        cast(opportunities.created_at as date) as date_day,
        1 as counted_rows,
        {%- for measure in measures %}
        {{ 1 if measure == 'opportunities_created' else 0 }} as {{ measure }},
        {%- endfor %}
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
    from opportunities
    left join users
        on opportunities.owner_rep_id = users.rep_id
),

contributions as (
    select * from activity_contributions
    union all
    select * from booking_contributions
    union all
    select * from opportunity_contributions
),
{%- if is_incremental() %}

-- The stored rows the run replaces: those of the recomputed activities, and every
-- opportunity (a few per account: compared, not looked up).
replaced_contributions as (
    select stored_contributions.* from {{ this }} as stored_contributions
    where
        stored_contributions.contribution_type = 'opportunity'
        or {{ is_changed_activity('stored_contributions.activity_id') }}
),

-- New, changed and gone contributions; an opportunity only when it is new, gone, or
-- its rep or day changed (a gone row already of zeros is not gone again).
compared as (
    select
        coalesce(
            contributions.contribution_id, replaced_contributions.contribution_id
        ) as contribution_id,
        coalesce(contributions.activity_id, replaced_contributions.activity_id)
            as activity_id,
        coalesce(
            contributions.contribution_type, replaced_contributions.contribution_type
        ) as contribution_type,
        coalesce(contributions.rep_id, replaced_contributions.rep_id) as rep_id,
        coalesce(contributions.date_day, replaced_contributions.date_day) as date_day,
        coalesce(contributions.counted_rows, 0) as counted_rows,
        {%- for measure in measures %}
        coalesce(contributions.{{ measure }}, 0) as {{ measure }},
        {%- endfor %}
        coalesce(contributions._loaded_at, replaced_contributions._loaded_at)
            as _loaded_at,
        replaced_contributions.rep_id as previous_rep_id,
        replaced_contributions.date_day as previous_date_day
    from contributions
    full outer join replaced_contributions
        on contributions.contribution_id = replaced_contributions.contribution_id
    where
        coalesce(
            contributions.contribution_type, replaced_contributions.contribution_type
        ) != 'opportunity'
        or coalesce(contributions.counted_rows, 0)
        != coalesce(replaced_contributions.counted_rows, 0)
        or not coalesce(
            contributions.rep_id = replaced_contributions.rep_id
            and contributions.date_day = replaced_contributions.date_day,
            contributions.contribution_id is null
        )
),
{%- else %}

compared as (
    select
        *,
        cast(null as {{ dbt.type_string() }}) as previous_rep_id,
        cast(null as date) as previous_date_day
    from contributions
),
{%- endif %}

final as (
    select
        cast(contribution_id as {{ dbt.type_string() }}) as contribution_id,
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(contribution_type as {{ dbt.type_string() }}) as contribution_type,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(date_day as date) as date_day,
        cast(counted_rows as {{ dbt.type_int() }}) as counted_rows,
        {%- for measure in measures %}
        cast({{ measure }} as {{ dbt.type_int() }}) as {{ measure }},
        {%- endfor %}
        cast(previous_rep_id as {{ dbt.type_string() }}) as previous_rep_id,
        cast(previous_date_day as date) as previous_date_day,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ run_started_timestamp() }} as _recomputed_at
    from compared
)

select * from final
