{#
    The top of the funnel (SPEC §3, visitor -> lead): one row per website visitor
    (anonymous id), when first seen, and whether and when a session of theirs was
    attributed to a lead. Visitor-to-lead conversion of a month = sum(is_converted) /
    count(*) over visitors first seen that month.
#}
with

sessions as (
    select * from {{ ref('stg_web__sessions') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

visitors as (
    select
        anonymous_id,
        min(started_at) as first_seen_at,
        count(*) as web_sessions,
        min(lead_id) as lead_id
    from sessions
    where anonymous_id is not null
    group by 1
),

final as (
    select
        cast(visitors.anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(visitors.first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast({{ dbt.date_trunc('month', 'visitors.first_seen_at') }} as date)
            as cohort_month,
        cast(visitors.web_sessions as integer) as web_sessions,
        cast(leads.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(leads.created_at as {{ dbt.type_timestamp() }}) as lead_created_at,
        leads.lead_id is not null as is_converted,
        cast(coalesce(leads.channel, 'unknown') as {{ dbt.type_string() }}) as channel
    from visitors
    left join leads
        on visitors.lead_id = leads.lead_id
)

select * from final
