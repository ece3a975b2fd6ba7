{#
    Reconciliation of fct_activities with staging: every staged call, email message, SMS
    and meeting appears exactly once. One full outer join of the staged records with
    the mart's rows on (activity_type, source_record_id) proves it: no staged record is
    missing, and no row is there that is not staged. The staged ids are unique (the
    unique tests of the stg_ models) and so are the mart's activity ids (its unique
    test), so no record can appear twice. Each input is read once (DuckDB would
    materialize a CTE read twice whole). Returns one row per failing record.
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

reconciled as (
    select
        coalesce(staged_activities.activity_type, activities.activity_type)
            as activity_type,
        coalesce(staged_activities.source_record_id, activities.source_record_id)
            as source_record_id,
        staged_activities.source_record_id is not null as is_staged,
        activities.source_record_id is not null as is_in_mart
    from staged_activities
    full outer join activities
        on
            staged_activities.activity_type = activities.activity_type
            and staged_activities.source_record_id = activities.source_record_id
),

final as (
    select
        activity_type,
        source_record_id,
        case
            when is_staged then 'staged record missing from fct_activities'
            else 'fct_activities row without a staged record'
        end as failure
    from reconciled
    where not (is_staged and is_in_mart)
)

select * from final
