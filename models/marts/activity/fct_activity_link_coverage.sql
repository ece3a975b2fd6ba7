{#
    How many calls, emails and SMS could be linked to the CRM (SPEC §2: the project
    "reports how many could not be linked"), one row per activity type. Meetings carry
    CRM ids and are not resolved by address, so they are not in this report.
#}
with

activities as (
    select * from {{ ref('fct_activities') }}
),

-- Every type resolved by address gets a row, even with no activities of it.
activity_types as (
    select 'call' as activity_type
    union all
    select 'email' as activity_type
    union all
    select 'sms' as activity_type
),

link_counts as (
    select
        activity_type,
        count(*) as activities,
        sum(case when contact_id is not null then 1 else 0 end) as linked_to_contact,
        sum(
            case when contact_id is null and lead_id is not null then 1 else 0 end
        ) as linked_to_lead_only,
        sum(
            case when contact_id is null and lead_id is null then 1 else 0 end
        ) as unlinked,
        sum(
            case
                when counterpart is null and contact_id is null and lead_id is null
                    then 1
                else 0
            end
        ) as without_counterpart,
        sum(case when opportunity_id is not null then 1 else 0 end)
            as linked_to_opportunity
    from activities
    where activity_type in ('call', 'email', 'sms')
    group by 1
),

final as (
    select
        cast(activity_types.activity_type as {{ dbt.type_string() }})
            as activity_type,
        cast(coalesce(link_counts.activities, 0) as {{ dbt.type_bigint() }})
            as activities,
        cast(coalesce(link_counts.linked_to_contact, 0) as {{ dbt.type_bigint() }})
            as linked_to_contact,
        cast(coalesce(link_counts.linked_to_lead_only, 0) as {{ dbt.type_bigint() }})
            as linked_to_lead_only,
        cast(coalesce(link_counts.unlinked, 0) as {{ dbt.type_bigint() }})
            as unlinked,
        cast(coalesce(link_counts.without_counterpart, 0) as {{ dbt.type_bigint() }})
            as without_counterpart,
        cast(
            coalesce(link_counts.linked_to_opportunity, 0) as {{ dbt.type_bigint() }}
        ) as linked_to_opportunity,
        cast(
            {{ safe_divide(
                'cast(link_counts.unlinked as double)', 'link_counts.activities'
            ) }} as double
        ) as unlinked_share
    from activity_types
    left join link_counts
        on activity_types.activity_type = link_counts.activity_type
)

select * from final
