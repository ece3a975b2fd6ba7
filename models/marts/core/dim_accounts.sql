{#
    The account dimension (SPEC §5): one row per live account with its customer status
    as of the as-of date, plus the `unknown` member, as int_accounts_enriched builds it.
#}
with

accounts as (
    select * from {{ ref('int_accounts_enriched') }}
)

select * from accounts
