{#
    Work lists (SPEC §9): one row per thing a rep should do next as of the as-of date,
    grain item type x record. Rep = the record's owner. Item types, in priority order
    (1 first; within a rep, older items first):
      1 lead_past_sla      an open lead (fct_open_pipeline_tracking) with no response
                           (fct_lead_responses) by the end of the as-of day, whose
                           whole minutes from creation to then exceed
                           var('lead_response_sla_minutes'); age: days since creation
      2 next_step_overdue  an open deal whose next step date is before the as-of date;
                           age: days since that date
      3 stuck_opportunity  an open deal stuck in its stage (fct_opportunities.is_stuck,
                           var('stuck_opportunity_days')); age: days in the stage
      4 stale_opportunity  an open deal with no touch for too long
                           (fct_open_pipeline_tracking.is_stale, var('stale_after_days'));
                           age: days since the last touch, or open when never touched
      5 single_touch_lead  a lead touched once and dropped (fct_single_touch_leads);
                           age: days since the touch
    A deal can be an item of several types (one row each).
#}
{%- set sla_minutes = var('lead_response_sla_minutes') | int -%}

with

open_records as (
    select * from {{ ref('fct_open_pipeline_tracking') }}
),

lead_responses as (
    select * from {{ ref('fct_lead_responses') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

single_touch_leads as (
    select * from {{ ref('fct_single_touch_leads') }}
),

as_of as (
    select
        {{ as_of_date() }} as as_of_date,
        cast({{ dbt.dateadd('day', 1, as_of_date()) }} as {{ dbt.type_timestamp() }})
            as as_of_day_end_at
),

leads_past_sla as (
    select
        open_records.owner_rep_id as rep_id,
        open_records.team_id,
        'lead_past_sla' as item_type,
        'lead' as record_type,
        open_records.record_id,
        'no response within the {{ sla_minutes }}-minute SLA' as reason,
        open_records.days_open as age_days
    from open_records
    cross join as_of
    inner join lead_responses
        on open_records.record_id = lead_responses.lead_id
    where
        open_records.record_type = 'lead'
        and (
            lead_responses.first_response_at is null
            or lead_responses.first_response_at >= as_of.as_of_day_end_at
        )
        and {{ whole_minutes_between(
            'open_records.created_at', 'as_of.as_of_day_end_at'
        ) }} > {{ sla_minutes }}
),

next_steps_overdue as (
    select
        open_records.owner_rep_id as rep_id,
        open_records.team_id,
        'next_step_overdue' as item_type,
        'opportunity' as record_type,
        open_records.record_id,
        {{ dbt.concat([
            "'next step due '",
            dbt.cast('open_records.next_step_date', dbt.type_string()),
            "': '",
            "coalesce(open_records.next_step, '(none written)')",
        ]) }} as reason,
        {{ dbt.datediff('open_records.next_step_date', 'as_of.as_of_date', 'day') }}
            as age_days
    from open_records
    cross join as_of
    where
        open_records.record_type = 'opportunity'
        and open_records.next_step_date < as_of.as_of_date
),

stuck_opportunities as (
    select
        open_records.owner_rep_id as rep_id,
        open_records.team_id,
        'stuck_opportunity' as item_type,
        'opportunity' as record_type,
        open_records.record_id,
        {{ dbt.concat([
            "'in stage '",
            'opportunities.stage_name',
            "' for more than " ~ (var('stuck_opportunity_days') | int) ~ " days'",
        ]) }} as reason,
        opportunities.days_in_current_stage as age_days
    from open_records
    inner join opportunities
        on open_records.record_id = opportunities.opportunity_id
    where open_records.record_type = 'opportunity' and opportunities.is_stuck
),

stale_opportunities as (
    select
        owner_rep_id as rep_id,
        team_id,
        'stale_opportunity' as item_type,
        'opportunity' as record_type,
        record_id,
        case
            when last_contact_at is null then 'never touched'
            else 'no touch for more than {{ var("stale_after_days") | int }} days'
        end as reason,
        coalesce(days_since_last_touch, days_open) as age_days
    from open_records
    where record_type = 'opportunity' and is_stale
),

single_touches as (
    select
        owner_rep_id as rep_id,
        team_id,
        'single_touch_lead' as item_type,
        'lead' as record_type,
        lead_id as record_id,
        case
            when has_response_after_touch then 'touched once; the lead answered'
            else 'touched once, no follow-up'
        end as reason,
        days_since_touch as age_days
    from single_touch_leads
),

unioned as (
    select * from leads_past_sla
    union all
    select * from next_steps_overdue
    union all
    select * from stuck_opportunities
    union all
    select * from stale_opportunities
    union all
    select * from single_touches
),

final as (
    select
        cast(unioned.rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(unioned.team_id as {{ dbt.type_string() }}) as team_id,
        cast(unioned.item_type as {{ dbt.type_string() }}) as item_type,
        cast(unioned.record_type as {{ dbt.type_string() }}) as record_type,
        cast(unioned.record_id as {{ dbt.type_string() }}) as record_id,
        cast(unioned.reason as {{ dbt.type_string() }}) as reason,
        cast(unioned.age_days as integer) as age_days,
        cast(case unioned.item_type
            when 'lead_past_sla' then 1
            when 'next_step_overdue' then 2
            when 'stuck_opportunity' then 3
            when 'stale_opportunity' then 4
            else 5
        end as integer) as priority,
        as_of.as_of_date
    from unioned
    cross join as_of
)

select * from final
