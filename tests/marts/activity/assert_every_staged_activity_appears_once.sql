{#
    Reconciliation of fct_activities with staging: every staged call, email message, SMS
    and meeting appears exactly once. Two checks prove it: no staged record is missing,
    and each type has as many rows as staged records. The staged ids are unique (the
    unique tests of the stg_ models), so n distinct records in n rows leave no room for
    a record twice or a row that is not staged. Returns one row per failing check.
#}
with

calls as (
    select * from {{ ref('stg_telephony__calls') }}
),

email_messages as (
    select * from {{ ref('stg_email__messages') }}
),

sms as (
    select * from {{ ref('stg_telephony__sms') }}
),

meetings as (
    select * from {{ ref('stg_crm__meetings') }}
),

activities as (
    select * from {{ ref('fct_activities') }}
),

staged_activities as (
    select
        'call' as activity_type,
        call_id as source_record_id
    from calls
    union all
    select
        'email' as activity_type,
        message_id as source_record_id
    from email_messages
    union all
    select
        'sms' as activity_type,
        sms_id as source_record_id
    from sms
    union all
    select
        'meeting' as activity_type,
        meeting_id as source_record_id
    from meetings
),

staged_counts as (
    select
        activity_type,
        count(*) as staged_rows
    from staged_activities
    group by 1
),

mart_counts as (
    select
        activity_type,
        count(*) as mart_rows
    from activities
    group by 1
),

count_mismatches as (
    select
        coalesce(staged_counts.activity_type, mart_counts.activity_type)
            as activity_type,
        'count per type differs' as failure,
        cast(null as {{ dbt.type_string() }}) as source_record_id,
        coalesce(staged_counts.staged_rows, 0) as staged_rows,
        coalesce(mart_counts.mart_rows, 0) as mart_rows
    from staged_counts
    full outer join mart_counts
        on staged_counts.activity_type = mart_counts.activity_type
    where
        coalesce(staged_counts.staged_rows, 0) <> coalesce(mart_counts.mart_rows, 0)
),

missing_records as (
    select
        staged_activities.activity_type,
        'staged record missing from fct_activities' as failure,
        staged_activities.source_record_id,
        1 as staged_rows,
        0 as mart_rows
    from staged_activities
    left join activities
        on
            staged_activities.activity_type = activities.activity_type
            and staged_activities.source_record_id = activities.source_record_id
    where activities.activity_id is null
),

final as (
    select * from count_mismatches
    union all
    select * from missing_records
)

select * from final
