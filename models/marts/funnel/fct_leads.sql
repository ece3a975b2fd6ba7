{#
    One row per live lead (SPEC §5), as int_leads_enriched builds it (source, channel,
    owner, funnel stages, the converted account's segment and region), plus its web
    sessions, the UTM parameters of the first of them (first-touch attribution, SPEC
    §9: the earliest started_at linked to the lead; ties go to the lowest session id)
    and its last contact up to the as-of date.
#}
with

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

web_sessions as (
    select * from {{ ref('stg_web__sessions') }}
),

activities as (
    select * from {{ ref('int_activities_unioned') }}
),

sessions_per_lead as (
    select
        lead_id,
        count(*) as web_sessions,
        min(started_at) as first_web_session_at
    from web_sessions
    where lead_id is not null
    group by 1
),

sessions_ranked as (
    select
        lead_id,
        utm_source,
        utm_medium,
        utm_campaign,
        row_number() over (
            partition by lead_id order by started_at, web_session_id
        ) as session_number
    from web_sessions
    where lead_id is not null
),

first_touches as (
    select
        lead_id,
        utm_source,
        utm_medium,
        utm_campaign
    from sessions_ranked
    where session_number = 1
),

last_contacts as (
    select
        lead_id,
        max(occurred_at) as last_contact_at
    from activities
    where
        lead_id is not null
        and cast(occurred_at as date) <= {{ as_of_date() }}
    group by 1
),

final as (
    select
        leads.*,
        cast(coalesce(sessions_per_lead.web_sessions, 0) as integer) as web_sessions,
        cast(sessions_per_lead.first_web_session_at as {{ dbt.type_timestamp() }})
            as first_web_session_at,
        cast(first_touches.utm_source as {{ dbt.type_string() }})
            as first_touch_utm_source,
        cast(first_touches.utm_medium as {{ dbt.type_string() }})
            as first_touch_utm_medium,
        cast(first_touches.utm_campaign as {{ dbt.type_string() }})
            as first_touch_utm_campaign,
        cast(last_contacts.last_contact_at as {{ dbt.type_timestamp() }})
            as last_contact_at
    from leads
    left join sessions_per_lead
        on leads.lead_id = sessions_per_lead.lead_id
    left join first_touches
        on leads.lead_id = first_touches.lead_id
    left join last_contacts
        on leads.lead_id = last_contacts.lead_id
)

select * from final
