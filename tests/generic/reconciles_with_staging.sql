{#
    Nothing lost at a join (SPEC §6): every staged record of an entity appears in this
    mart, and every row of the mart is a staged record (or the `unknown` member). One
    full outer join of the distinct keys of both; returns each staged key the mart lacks
    and each mart key staging lacks. Counted once: the mart's own unique test (or, for a
    grain finer than the entity, its grain test) rules out duplicates.
#}
{% test reconciles_with_staging(model, column_name, staging_model, staging_key=none) %}

with

mart_keys as (
    select distinct {{ column_name }} as record_id
    from {{ model }}
    where {{ column_name }} != 'unknown'
),

staged_keys as (
    select distinct {{ staging_key or column_name }} as record_id
    from {{ staging_model }}
),

compared as (
    select
        coalesce(staged_keys.record_id, mart_keys.record_id) as record_id,
        case
            when mart_keys.record_id is null then 'staged record missing from the mart'
            else 'mart row without a staged record'
        end as problem
    from staged_keys
    full outer join mart_keys
        on staged_keys.record_id = mart_keys.record_id
    where staged_keys.record_id is null or mart_keys.record_id is null
)

select * from compared

{% endtest %}
