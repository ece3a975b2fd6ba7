{#
    telephony_calls from HubSpot's call engagements, with the records they are linked to
    (the contract's link columns, SPEC §7) and the numbers. A call has a start and a
    duration (milliseconds): it ends that long after it starts. HubSpot has no answer
    time: a call whose outcome means a conversation (connected, meeting booked, through
    the synonyms seed) was answered when it started.
#}
{%- set raw_types = raw_column_types(source('hubspot', 'engagement_call')) -%}

with

engagement_links as (
    {{ hubspot_engagement_links() }}
),

calls as (
    select
        *,
        property_hs_call_disposition as disposition,
        {{ parse_value('property_hs_timestamp', 'timestamp', raw_types) }} as started,
        {{ parse_value('property_hs_call_duration', 'int', raw_types) }} as duration_ms
    from (
        {{ hubspot_engagements('engagement_call', 'telephony_calls') }}
    ) as engagements
),

adapted as (
    select
        engagement_id as call_id,
        property_hubspot_owner_id as user_id,
        property_hs_call_direction as direction,
        {{ optional_raw_column('property_hs_call_from_number', raw_types) }}
            as from_number,
        {{ optional_raw_column('property_hs_call_to_number', raw_types) }} as to_number,
        property_hs_timestamp as started_at,
        case
            when
                {{ normalize_category('telephony_calls', 'disposition') }}
                in ('connected', 'meeting_booked')
                then property_hs_timestamp
        end as answered_at,
        {{ dbt.dateadd('millisecond', 'duration_ms', 'started') }} as ended_at,
        cast(round(duration_ms / 1000.0) as {{ dbt.type_int() }}) as duration_seconds,
        disposition,
        linked_contact_id as contact_id,
        linked_lead_id as lead_id,
        linked_account_id as account_id,
        linked_opportunity_id as opportunity_id,
        _fivetran_synced as _loaded_at
    from calls
)

select * from adapted
