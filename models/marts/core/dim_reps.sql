{#
    The rep dimension (SPEC §5): one row per sales rep plus the `unknown` member, as
    int_reps_enriched builds it (the intermediate models read that model, not this mart).
#}
with

reps as (
    select * from {{ ref('int_reps_enriched') }}
)

select * from reps
