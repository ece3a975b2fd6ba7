{#
    Speed to lead (SPEC §9): one row per live lead (fct_leads) with its first response,
    the earliest touch (is_sales_touch: an outbound call, email or SMS, or a completed
    meeting) linked to the lead at or after the lead's creation. Activities link to
    leads as in fct_activities: calls, emails and SMS by address, meetings by their
    lead_id. Response minutes are the whole minutes between creation and response
    (whole_minutes_between); within the SLA when at most
    var('lead_response_sla_minutes'). A lead without a response has null minutes and
    is not within the SLA. Per cohort month and slice: count, sum and median the rows.
#}
with

leads as (
    select * from {{ ref('fct_leads') }}
),

activities as (
    select * from {{ ref('fct_activities') }}
),

lead_touches as (
    select
        lead_id,
        occurred_at
    from activities
    where
        lead_id is not null
        and {{ is_sales_touch() }}
),

first_responses as (
    select
        leads.lead_id,
        min(lead_touches.occurred_at) as first_response_at
    from leads
    inner join lead_touches
        on
            leads.lead_id = lead_touches.lead_id
            and lead_touches.occurred_at >= leads.created_at
    group by 1
),

responses_timed as (
    select
        leads.lead_id,
        leads.created_at,
        leads.channel,
        leads.lead_source,
        leads.owner_rep_id,
        leads.team_id,
        first_responses.first_response_at,
        {{ whole_minutes_between(
            'leads.created_at', 'first_responses.first_response_at'
        ) }} as response_minutes
    from leads
    left join first_responses
        on leads.lead_id = first_responses.lead_id
),

final as (
    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as cohort_month,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(first_response_at as {{ dbt.type_timestamp() }}) as first_response_at,
        cast(response_minutes as {{ dbt.type_int() }}) as response_minutes,
        first_response_at is not null as has_response,
        coalesce(
            response_minutes <= {{ var('lead_response_sla_minutes') | int }}, false
        ) as is_within_sla
    from responses_timed
)

select * from final
