{#
    The channel / lead-source dimension: every normalised lead source with its channel,
    plus the `unknown` member, as int_lead_sources_mapped builds it.
#}
with

lead_sources as (
    select * from {{ ref('int_lead_sources_mapped') }}
)

select * from lead_sources
