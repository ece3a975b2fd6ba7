{#
    Open pipeline per day and owner rep as it stood at the end of each day (SPEC §3, §5),
    summed from the month pieces of the open runs (int_open_pipeline_pieces_valued).
    Days run from the first date of the calendar to the as-of date; a rep has a row only
    on days with at least one open deal (no zero rows). Weighted amounts use the stage's
    default probability; a deal without an FX rate counts in open_opportunities but not
    in the amounts (fx_rate_missing_opportunities), a stage unknown to the seed in the
    open amount but not in the weighted one (unknown_stage_opportunities).
    A piece joins its rep's totals on its first day and leaves them on the day after its
    last, so the totals change only on those days and hold until the next change
    (running sums of the changes, exact in decimals). Running counts of the deals with an
    amount (and a weighted amount) keep an amount null while none of the rep's open deals
    has one, as a sum of nulls is. A stretch between two changes lies within one month
    (a piece ends at its month's end), so it is joined to that month's days only: the
    cost grows with the deal-months and the output rows, not with the open deal-days.
    Published as fct_pipeline_daily; the sales scorecard reads it here.
#}

{%- set running_totals = [
    'opportunities', 'priced_opportunities', 'amount', 'weighted_opportunities',
    'weighted_amount', 'fx_rate_missing', 'unknown_stage'
] %}

with

pieces as (
    select * from {{ ref('int_open_pipeline_pieces_valued') }}
),

calendar as (
    select * from {{ ref('int_calendar_days_enriched') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

days as (
    select
        calendar.date_day,
        calendar.month_start
    from calendar
    cross join as_of
    where calendar.date_day <= as_of.as_of_date
),

piece_changes as (
    select
        owner_rep_id,
        team_id,
        piece_from as change_day,
        1 as direction,
        amount,
        default_probability,
        is_fx_rate_missing
    from pieces
    union all
    select
        owner_rep_id,
        team_id,
        piece_until as change_day,
        -1 as direction,
        amount,
        default_probability,
        is_fx_rate_missing
    from pieces
),

daily_changes as (
    select
        owner_rep_id,
        team_id,
        change_day,
        sum(direction) as opportunities_change,
        sum(case when amount is not null then direction else 0 end)
            as priced_opportunities_change,
        sum(direction * amount) as amount_change,
        sum(
            case when amount * default_probability is not null then direction else 0 end
        ) as weighted_opportunities_change,
        sum(direction * amount * default_probability) as weighted_amount_change,
        sum(case when is_fx_rate_missing then direction else 0 end)
            as fx_rate_missing_change,
        sum(case when default_probability is null then direction else 0 end)
            as unknown_stage_change
    from piece_changes
    group by 1, 2, 3
),

-- The totals from each change day until the next one.
stretches as (
    select
        owner_rep_id,
        team_id,
        change_day as stretch_from,
        cast({{ dbt.date_trunc('month', 'change_day') }} as date) as month_start,
        {%- for total in running_totals %}
        sum({{ total }}_change) over (
            partition by owner_rep_id, team_id order by change_day
            rows between unbounded preceding and current row
        ) as {{ total }},
        {%- endfor %}
        lead(change_day) over (
            partition by owner_rep_id, team_id order by change_day
        ) as stretch_until
    from daily_changes
),

aggregated as (
    select
        days.date_day,
        stretches.owner_rep_id,
        stretches.team_id,
        stretches.opportunities as open_opportunities,
        case
            when stretches.priced_opportunities > 0 then stretches.amount
        end as open_pipeline_amount,
        case
            when stretches.weighted_opportunities > 0
                then stretches.weighted_amount / 100
        end as weighted_pipeline_amount,
        stretches.fx_rate_missing as fx_rate_missing_opportunities,
        stretches.unknown_stage as unknown_stage_opportunities
    from stretches
    inner join days
        on
            days.month_start = stretches.month_start
            and days.date_day >= stretches.stretch_from
            and days.date_day < stretches.stretch_until
    where stretches.opportunities > 0
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(open_opportunities as integer) as open_opportunities,
        cast(open_pipeline_amount as {{ money_type() }}) as open_pipeline_amount,
        cast(weighted_pipeline_amount as {{ money_type() }})
            as weighted_pipeline_amount,
        cast(fx_rate_missing_opportunities as integer)
            as fx_rate_missing_opportunities,
        cast(unknown_stage_opportunities as integer) as unknown_stage_opportunities
    from aggregated
)

select * from final
