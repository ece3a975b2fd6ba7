{#
    The channel / lead-source mapping: every normalised lead source seen in leads,
    contacts or opportunities (or listed in the channel mapping) with its channel;
    unmapped sources are channel `other`, a missing source is the `unknown` member.
    Published as dim_lead_sources; the enriched opportunities and leads read it here.
#}
with

mapping as (
    select * from {{ ref('channel_mapping') }}
),

seen_sources as (
    select lead_source from {{ ref('stg_crm__leads') }}
    union
    select lead_source from {{ ref('stg_crm__opportunities') }}
    union
    select lead_source from {{ ref('stg_crm__contacts') }}
    union
    select lead_source from mapping
),

sources as (
    select
        cast(seen_sources.lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(coalesce(mapping.channel, 'other') as {{ dbt.type_string() }}) as channel,
        mapping.lead_source is not null as is_mapped
    from seen_sources
    left join mapping
        on seen_sources.lead_source = mapping.lead_source
    where
        seen_sources.lead_source is not null
        and seen_sources.lead_source != 'unknown'
),

unknown_member as (
    select
        cast('unknown' as {{ dbt.type_string() }}) as lead_source,
        cast('other' as {{ dbt.type_string() }}) as channel,
        false as is_mapped
),

final as (
    select * from sources
    union all
    select * from unknown_member
)

select * from final
