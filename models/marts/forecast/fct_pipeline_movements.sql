{#
    The pipeline waterfall (SPEC §8): per month and fiscal quarter and owner rep, the
    open pipeline at the start of the period's first day, what moved it, and the open
    pipeline at the end of its last day (the as-of date for the current period):
      opening + created + increased - decreased + reopened - won - lost + moved in
      - moved out = closing, for counts and amounts, exactly on every row.
    Each day's end-of-day state change of a deal (int_pipeline_state_runs) is one
    movement: a new deal is created (and won or lost too when it closed that day); an
    open deal that changes owner moves out of the old owner's pipeline and into the new
    one's at its previous amount, then its amount change counts for the new owner, then
    it is won or lost when it closed; a closed deal that opens again is reopened.
    Every amount of a row is at the FX rate of the period's first month, so the lines
    add up; an amount without a rate (or without an amount) counts as 0. Soft-deleted
    deals are in no line (int_opportunity_states_historized has live deals only).
#}

{#- Each line: whose pipeline it is, the amount, and the runs it counts. #}
{%- set movement_lines = [
    ('opening', 'owner_rep_id', 'amount', 'valid_from < period_start and is_open'),
    ('closing', 'owner_rep_id', 'amount',
        '(valid_to is null or valid_to > period_end) and is_open'),
    ('created', 'owner_rep_id', 'amount', 'changed_in_period and is_creation'),
    ('reopened', 'owner_rep_id', 'amount',
        'changed_in_period and not is_creation and not was_open and is_open'),
    ('moved_out', 'previous_owner_rep_id', 'previous_amount',
        'changed_in_period and was_open and owner_rep_id != previous_owner_rep_id'),
    ('moved_in', 'owner_rep_id', 'previous_amount',
        'changed_in_period and was_open and owner_rep_id != previous_owner_rep_id'),
    ('changed', 'owner_rep_id', 'amount - previous_amount',
        'changed_in_period and was_open'),
    ('won', 'owner_rep_id', 'amount',
        "changed_in_period and (is_creation or was_open) and stage_category = 'won'"),
    ('lost', 'owner_rep_id', 'amount',
        'changed_in_period and (is_creation or was_open) and not is_open'
        " and stage_category != 'won'"),
] %}
{%- set counted_lines = [
    'opening', 'created', 'reopened', 'won', 'lost', 'moved_in', 'moved_out', 'closing'
] %}

with

runs as (
    select * from {{ ref('int_pipeline_state_runs') }}
),

calendar as (
    select * from {{ ref('int_calendar_days_enriched') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

reps as (
    select * from {{ ref('int_reps_enriched') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

periods as (
    {%- for period_type, column in [
        ('month', 'month_start'), ('fiscal_quarter', 'quarter_start')] %}
    select
        '{{ period_type }}' as period_type,
        calendar.{{ column }} as period_start,
        max(calendar.date_day) as period_end
    from calendar
    cross join as_of
    where calendar.date_day <= as_of.as_of_date
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- The runs in force on some day of each period, valued at its first month's rate.
runs_valued as (
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        runs.*,
        runs.valid_from >= periods.period_start as changed_in_period,
        coalesce(runs.previous_is_open, false) as was_open,
        coalesce({{ convert_currency(
            'runs.amount_local', 'runs.currency', 'fx_rates.rate_to_reporting'
        ) }}, 0) as amount,
        coalesce({{ convert_currency(
            'runs.previous_amount_local', 'runs.previous_currency',
            'previous_fx_rates.rate_to_reporting'
        ) }}, 0) as previous_amount
    from runs
    inner join periods
        on
            runs.valid_from <= periods.period_end
            and (runs.valid_to is null or runs.valid_to >= periods.period_start)
    left join fx_rates
        on
            periods.period_start = fx_rates.month_start
            and runs.currency = fx_rates.currency
    left join fx_rates as previous_fx_rates
        on
            periods.period_start = previous_fx_rates.month_start
            and runs.previous_currency = previous_fx_rates.currency
),

lines as (
    {%- for line, rep, amount, condition in movement_lines %}
    select
        period_type,
        period_start,
        period_end,
        {{ rep }} as rep_id,
        '{{ line }}' as line,
        {{ amount }} as amount
    from runs_valued
    where {{ condition }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

summed as (
    select
        period_type,
        period_start,
        period_end,
        rep_id,
        {%- for line in counted_lines %}
        sum(case when line = '{{ line }}' then 1 else 0 end) as {{ line }}_count,
        sum(case when line = '{{ line }}' then amount else 0 end) as {{ line }}_amount,
        {%- endfor %}
        sum(case when line = 'changed' and amount > 0 then amount else 0 end)
            as increased_amount,
        sum(case when line = 'changed' and amount < 0 then -amount else 0 end)
            as decreased_amount
    from lines
    -- a deal whose amount did not change adds no line
    where line != 'changed' or amount != 0
    group by 1, 2, 3, 4
),

final as (
    select
        cast(summed.period_type as {{ dbt.type_string() }}) as period_type,
        cast(summed.period_start as date) as period_start,
        cast(summed.period_end as date) as period_end,
        cast(summed.rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(coalesce(reps.team_id, 'unknown') as {{ dbt.type_string() }}) as team_id,
        {%- for line in counted_lines if line != 'closing' %}
        {%- if line == 'reopened' %}
        cast(summed.increased_amount as {{ money_type() }}) as increased_amount,
        cast(summed.decreased_amount as {{ money_type() }}) as decreased_amount,
        {%- endif %}
        cast(summed.{{ line }}_count as integer) as {{ line }}_count,
        cast(summed.{{ line }}_amount as {{ money_type() }}) as {{ line }}_amount,
        {%- endfor %}
        cast(summed.closing_count as integer) as closing_count,
        cast(summed.closing_amount as {{ money_type() }}) as closing_amount
    from summed
    left join reps
        on summed.rep_id = reps.rep_id
)

select * from final
