{#
    The stored rows of int_activity_counterparts_identified (`stored`, the model's own
    relation) that an incremental run recomputes though their records did not change
    (README, "Incremental models"); the calls, SMS and messages loaded in the look-back
    window are read from staging instead. A stored row holds every input of its own
    record (type, direction, time, counterpart, `_loaded_at`), so it is re-linked as it
    is; the history is scanned once, for all of these at a time:
      - an email whose tracking int_email_messages_tracked recomputed since this model's
        last run: int_activities_unioned takes its outcome from the message's flags and
        reads the activities this model rewrote (recomputed_upstream_activity_ids());
      - an activity whose counterpart is an address or number of a contact or lead
        with a row in the window, in any of its versions (a new contact re-links old
        activity, a changed or deleted one unlinks it);
      - an activity linked to an account that appeared, was deleted or restored in the
        window (it turns from or to `unknown`), directly or through its contact;
      - an activity of an account one of whose opportunities has a row in the window
        (any version's account), from the opportunity's creation on: the open
        opportunity at the activity may change, never before the deal existed.
    `columns` are the stored columns to return. Only rendered on an incremental run.
#}
{% macro relinked_stored_activities(stored, columns) -%}
    select
        {%- for column in columns %}
        stored_activities.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ stored }} as stored_activities
    left join (
        select
            account_id,
            min(created_at) as first_created_at
        from {{ ref('base_crm__opportunities') }}
        where opportunity_id in (
            {{ changed_keys('base_crm__opportunities', 'opportunity_id') }}
        )
        group by account_id
    ) as changed_opportunity_accounts
        on stored_activities.account_id = changed_opportunity_accounts.account_id
    where
        stored_activities.activity_id in (
            select retracked.activity_id
            from {{ ref('int_email_messages_tracked') }} as retracked
            where {{ recomputed_since_last_run('retracked._recomputed_at') }}
        )
        or stored_activities.counterpart in (
            select email from {{ ref('base_crm__contacts') }}
            where contact_id in ({{ changed_keys('base_crm__contacts', 'contact_id') }})
            union all
            select phone from {{ ref('base_crm__contacts') }}
            where contact_id in ({{ changed_keys('base_crm__contacts', 'contact_id') }})
            union all
            select email from {{ ref('base_crm__leads') }}
            where lead_id in ({{ changed_keys('base_crm__leads', 'lead_id') }})
        )
        or stored_activities.account_id in ({{ changed_account_ids() }})
        or stored_activities.contact_id in (
            select contact_id from {{ ref('stg_crm__contacts') }}
            where account_id in ({{ changed_account_ids() }})
        )
        or (
            changed_opportunity_accounts.account_id is not null
            and (
                stored_activities.occurred_at
                >= changed_opportunity_accounts.first_created_at
                or changed_opportunity_accounts.first_created_at is null
            )
        )
{%- endmacro %}

{#
    The activities an incremental run of int_activities_unioned or fct_activities
    recomputes because `upstream`, the activity model it reads, rewrote them: stamped
    since this model's own last run (recomputed_since_last_run(): a run that failed in
    between leaves no gap). Upstream recomputes every activity whose record, tracking
    or links may have changed, and activities are never deleted (SPEC §2: the activity
    sources have no `is_deleted`, and a quarantined version leaves the staged one in
    place), so every one of them is there with a stamp and the stored history is not
    searched again. int_activities_unioned adds changed_meeting_activity_ids()
    (int_activity_counterparts_identified has no meetings); fct_activities, which
    filters int_activities_unioned by its stamps directly, the activities of
    changed_keys('base_crm__users', 'rep_id'). Only rendered on an incremental run.
#}
{% macro recomputed_upstream_activity_ids(upstream) -%}
    select upstream_activities.activity_id
    from {{ ref(upstream) }} as upstream_activities
    where {{ recomputed_since_last_run('upstream_activities._recomputed_at') }}
{%- endmacro %}

{#
    The meetings whose row in int_activities_unioned may change: a meeting with a row
    in the look-back window (new or a new version), and a meeting naming a contact,
    lead, account or opportunity with a row in the window (an id may turn from
    `unknown` to known), or whose account comes from its contact or opportunity and
    appeared, was deleted or restored in it. Only rendered on an incremental run.
#}
{% macro changed_meeting_activity_ids() -%}
    select {{ dbt.concat(["'meeting:'", 'meeting_id']) }} as activity_id
    from {{ ref('base_crm__meetings') }}
    where {{ incremental_window('_loaded_at') }}
    union all
    select {{ dbt.concat(["'meeting:'", 'meeting_id']) }} as activity_id
    from {{ ref('stg_crm__meetings') }}
    where
        contact_id in ({{ changed_keys('base_crm__contacts', 'contact_id') }})
        or lead_id in ({{ changed_keys('base_crm__leads', 'lead_id') }})
        or account_id in ({{ changed_account_ids() }})
        or opportunity_id in (
            {{ changed_keys('base_crm__opportunities', 'opportunity_id') }}
        )
        or contact_id in (
            select contact_id from {{ ref('stg_crm__contacts') }}
            where account_id in ({{ changed_account_ids() }})
        )
        or opportunity_id in (
            select opportunity_id from {{ ref('stg_crm__opportunities') }}
            where account_id in ({{ changed_account_ids() }})
        )
{%- endmacro %}

{#-
    The keys of `model_name` (a base_ model) with a row in the look-back window, every
    version of them.
-#}
{% macro changed_keys(model_name, key) -%}
    select {{ key }} from {{ ref(model_name) }}
    where {{ incremental_window('_loaded_at') }}
{%- endmacro %}

{#- Accounts only when new, deleted or restored: an attribute change does not change
    links. -#}
{% macro changed_account_ids() -%}
    select account_id from {{ ref('base_crm__accounts') }}
    where account_id in ({{ changed_keys('base_crm__accounts', 'account_id') }})
    group by account_id
    having
        not coalesce(min(_loaded_at) < {{ incremental_cutoff('_loaded_at') }}, false)
        or max(case when is_deleted then 1 else 0 end) = 1
{%- endmacro %}

{#
    The email messages int_email_messages_tracked recomputes, as bare `message_id`s: the
    messages with a row in the look-back window, and the messages of every version of an
    event with a row in it (an event is a record of its own, and its new version may
    name another message: the old one is recomputed too). The model filters its events
    with these, not by prefixing every event's message id (which made DuckDB hash all
    events). Only rendered on an incremental run.
#}
{% macro changed_email_message_ids() -%}
    {%- set window = incremental_window('_loaded_at') -%}
    select message_id from {{ ref('base_email__messages') }}
    where {{ window }}
    union all
    select message_id from {{ ref('base_email__events') }}
    where email_event_id in (
        select changed_events.email_event_id
        from {{ ref('base_email__events') }} as changed_events
        where {{ window }}
    )
{%- endmacro %}

{#
    The activities of reps whose user record has a row in the look-back window (a rep
    turns from or to `unknown`, or changes time zone), from int_activities_unioned,
    which has the rep id as the source has it, so that an activity whose rep turns
    unknown is found too. It reads the model itself, not a CTE of the caller over it:
    DuckDB materializes a CTE read twice whole (every activity), while a model read here
    and in a CTE read once is filtered in its scan. Only rendered on an incremental run.
#}
{% macro changed_rep_activity_ids() -%}
    select activities_of_changed_reps.activity_id
    from {{ ref('int_activities_unioned') }} as activities_of_changed_reps
    where activities_of_changed_reps.rep_id in (
        {{ changed_keys('base_crm__users', 'rep_id') }}
    )
{%- endmacro %}

{#
    dbt records a ref at parse time, when is_incremental() is false: an activity model
    that calls the macros of this file on an incremental run calls this first, so that
    the refs they use are known dependencies. Not in a unit test, which would need a
    fixture for each (a unit test of an incremental run gives its inputs explicitly).
#}
{% macro changed_activity_dependencies(extra_models=[]) -%}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return('') }}
    {%- endif %}
    -- depends_on: {{ ref('base_telephony__calls') }}
    -- depends_on: {{ ref('base_telephony__sms') }}
    -- depends_on: {{ ref('base_email__messages') }}
    -- depends_on: {{ ref('base_email__events') }}
    -- depends_on: {{ ref('base_crm__meetings') }}
    -- depends_on: {{ ref('base_crm__contacts') }}
    -- depends_on: {{ ref('base_crm__leads') }}
    -- depends_on: {{ ref('base_crm__accounts') }}
    -- depends_on: {{ ref('base_crm__opportunities') }}
    -- depends_on: {{ ref('stg_crm__contacts') }}
    -- depends_on: {{ ref('stg_crm__meetings') }}
    -- depends_on: {{ ref('stg_crm__opportunities') }}
    {%- for extra_model in extra_models %}
    -- depends_on: {{ ref(extra_model) }}
    {%- endfor %}
{%- endmacro %}

{#
    The predicate that narrows an activity model's incremental run to its
    `changed_activities` CTE: `activity_id` (a column or an
    expression) is one of them. On a full build it is `1 = 1`, like incremental_window,
    and the CTE does not exist. Use it in a where clause.
#}
{% macro is_changed_activity(activity_id='activity_id') -%}
    {{ is_changed_key(activity_id, 'changed_activities', 'activity_id') }}
{%- endmacro %}

{#- The same for any key: `expression` is one of `cte`.`key_column`. -#}
{% macro is_changed_key(expression, cte, key_column) -%}
    {%- if is_incremental() -%}
        {{ expression }} in (select {{ cte }}.{{ key_column }} from {{ cte }})
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
