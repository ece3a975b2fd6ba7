{%- set quarantine_rules = [
    {'column': 'goal_id', 'rule': 'null_key'},
    {'column': 'scope_id', 'rule': 'null_required'},
    {'column': 'metric', 'rule': 'null_required'},
    {'column': 'period_start', 'rule': 'null_required'},
    {'column': 'period_end', 'rule': 'null_required'},
    {'column': 'period_start', 'rule': 'unparseable', 'type': 'date'},
    {'column': 'period_end', 'rule': 'unparseable', 'type': 'date'},
    {'column': 'updated_at', 'rule': 'unparseable', 'type': 'timestamp'},
    {'column': 'target_value', 'rule': 'unparseable', 'type': 'decimal'},
    {'column': 'target_value', 'rule': 'negative_amount'},
    {'column': 'target_value', 'rule': 'amount_out_of_range'},
    {'column': 'period_end', 'rule': 'end_before_start', 'start': 'period_start',
     'type': 'date'},
    {'column': 'period_start', 'rule': 'before_min_date'},
    {'column': 'period_end', 'rule': 'beyond_planning_horizon'},
] + impossible_times(['updated_at']) -%}
{%- set raw_types = raw_column_types(raw_source('goals', 'sales_goals')) -%}

with

source as (
    select * from {{ raw_source('goals', 'sales_goals') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('goal_id') }} as goal_id,
        {{ clean_text('scope_id') }} as scope_id,
        -- strings
        {{ normalize_category('sales_goals', 'scope') }} as scope,
        lower({{ clean_text('metric') }}) as metric,
        upper({{ clean_text('currency') }}) as currency,
        -- numerics
        {{ parse_value('target_value', 'decimal', raw_types) }} as target_value,
        -- dates
        {{ parse_value('period_start', 'date', raw_types) }} as period_start,
        {{ parse_value('period_end', 'date', raw_types) }} as period_end,
        -- timestamps
        {{ parse_value('updated_at', 'timestamp', raw_types) }} as updated_at,
        -- load metadata
        {{ parse_value('_loaded_at', 'timestamp', raw_types) }} as _loaded_at,
        {{ quarantine_columns(quarantine_rules, raw_types) }}
    from source
),

classified as (
    select
        *,
        {{ row_status('goal_id', version_column='updated_at') }} as _row_status
    from renamed
)

select * from classified
