{#
    Leads worked once and then dropped (SPEC §3 follow-ups): one row per lead that got
    exactly one touch up to the as-of date, and so nothing after it. A touch is defined
    as for opportunities (int_opportunity_touches), linked by lead_id: an outbound call,
    email or SMS, or a completed meeting, linked to the lead. Calls and SMS are linked by
    phone number to contacts only (leads carry no phone), so in practice a lead's
    touches are emails and meetings. has_response_after_touch says whether the lead
    answered (an inbound activity linked to it after the touch) even though nobody
    followed up.
#}

with

leads as (
    select * from {{ ref('fct_leads') }}
),

activities as (
    select * from {{ ref('fct_activities') }}
),

lead_activities as (
    select
        activity_id,
        activity_type,
        direction,
        rep_id,
        lead_id,
        occurred_at,
        {{ is_sales_touch() }} as is_touch
    from activities
    where
        lead_id is not null
        and lead_id != 'unknown'
        and occurred_date <= {{ as_of_date() }}
),

touches_per_lead as (
    select
        lead_id,
        count(*) as touches,
        min(occurred_at) as touched_at
    from lead_activities
    where is_touch
    group by 1
),

single_touches as (
    select
        lead_activities.lead_id,
        lead_activities.activity_id,
        lead_activities.activity_type,
        lead_activities.rep_id,
        lead_activities.occurred_at
    from lead_activities
    inner join touches_per_lead
        on lead_activities.lead_id = touches_per_lead.lead_id
    where lead_activities.is_touch and touches_per_lead.touches = 1
),

responses_after_touch as (
    select
        single_touches.lead_id,
        count(*) as responses
    from single_touches
    inner join lead_activities
        on
            single_touches.lead_id = lead_activities.lead_id
            and lead_activities.direction = 'inbound'
            and lead_activities.occurred_at > single_touches.occurred_at
    group by 1
),

final as (
    select
        cast(leads.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(leads.owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(leads.team_id as {{ dbt.type_string() }}) as team_id,
        cast(leads.channel as {{ dbt.type_string() }}) as channel,
        cast(leads.lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(leads.status as {{ dbt.type_string() }}) as status,
        cast(leads.created_at as {{ dbt.type_timestamp() }}) as lead_created_at,
        cast(single_touches.activity_id as {{ dbt.type_string() }})
            as touch_activity_id,
        cast(single_touches.activity_type as {{ dbt.type_string() }})
            as touch_activity_type,
        cast(single_touches.rep_id as {{ dbt.type_string() }}) as touch_rep_id,
        cast(single_touches.occurred_at as {{ dbt.type_timestamp() }}) as touched_at,
        cast({{ dbt.datediff(
            'cast(single_touches.occurred_at as date)', as_of_date(), 'day'
        ) }} as {{ dbt.type_int() }}) as days_since_touch,
        coalesce(responses_after_touch.responses, 0) > 0 as has_response_after_touch
    from single_touches
    inner join leads
        on single_touches.lead_id = leads.lead_id
    left join responses_after_touch
        on single_touches.lead_id = responses_after_touch.lead_id
)

select * from final
