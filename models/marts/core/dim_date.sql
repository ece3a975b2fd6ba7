{#
    The date dimension (SPEC §5): one row per day of the company calendar with its week,
    month, fiscal quarter and fiscal year, as int_calendar_days_enriched builds it.
#}
with

calendar as (
    select * from {{ ref('int_calendar_days_enriched') }}
)

select * from calendar
