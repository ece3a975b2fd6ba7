{#
    crm_opportunity_stage_history from HubSpot's deal stage history (deal_stage, history
    mode: every stage a deal entered). The stage is its id's label; the amount at each
    change is the deal's amount as of that time in deal_property_history: the amount
    change of the same source (one edit), else the latest at or before it (null without
    one: the deal's current amount, as a contract row without an amount). A change is
    identified by its deal, stage, time and source.
#}
{%- set raw_types = raw_column_types(source('hubspot', 'deal_stage')) -%}
{%- set amount_types = raw_column_types(source('hubspot', 'deal_property_history')) -%}

with

stage_changes as (
    select
        {{ hubspot_change_id(['deal_id', 'value', 'date_entered', optional_raw_column(
            'source_id', raw_types)]) }} as history_id,
        {{ clean_text(optional_raw_column('source_id', raw_types)) }} as source_id,
        deal_id,
        value,
        date_entered,
        {{ parse_value('date_entered', 'timestamp', raw_types) }} as entered_at,
        _fivetran_synced
    from {{ source('hubspot', 'deal_stage') }}
    where
        {{ adapter_row_scope('hubspot', 'deal_stage') }}
        = 'crm_opportunity_stage_history'
),

amount_changes as (
    select
        {{ clean_text('deal_id') }} as deal_id,
        value as amount,
        {{ clean_text(optional_raw_column('source_id', amount_types)) }} as source_id,
        {{ parse_value('timestamp', 'timestamp', amount_types) }} as changed_at,
        _fivetran_synced
    from {{ source('hubspot', 'deal_property_history') }}
    where {{ adapter_row_scope('hubspot', 'deal_property_history') }} = 'lookup'
),

amounts_as_of_change as (
    select
        stage_changes.history_id,
        amount_changes.amount,
        row_number() over (
            partition by stage_changes.history_id
            order by
                case
                    when amount_changes.source_id = stage_changes.source_id then 0
                    else 1
                end,
                amount_changes.changed_at desc,
                amount_changes._fivetran_synced desc
        ) as amount_rank
    from stage_changes
    inner join amount_changes
        on
            {{ clean_text('stage_changes.deal_id') }} = amount_changes.deal_id
            and amount_changes.changed_at <= stage_changes.entered_at
),

stages as (
    {{ hubspot_deal_stages() }}
),

adapted as (
    select
        stage_changes.history_id,
        stage_changes.deal_id as opportunity_id,
        coalesce(stages.label, stage_changes.value) as stage_name,
        amounts_as_of_change.amount,
        cast(null as {{ dbt.type_string() }}) as currency,
        stage_changes.date_entered as changed_at,
        cast(null as {{ dbt.type_string() }}) as changed_by_user_id,
        stage_changes._fivetran_synced as _loaded_at
    from stage_changes
    left join stages on {{ clean_text('stage_changes.value') }} = stages.stage_id
    left join amounts_as_of_change
        on
            stage_changes.history_id = amounts_as_of_change.history_id
            and amounts_as_of_change.amount_rank = 1
)

select * from adapted
