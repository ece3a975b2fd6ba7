{#
    Open pipeline per day and owner rep as it stood at the end of each day (SPEC §3, §5),
    replayed from the stage history (int_opportunity_states_historized), never today's
    state copied backwards. A deal is open on day d when it was created on or before d
    and its latest state on or before d is an open stage; it counts its amount of that
    state, converted at the FX rate of the month of d (the pipeline is valued as it
    stood that day), and is weighted by the stage's default probability (seed
    opportunity_stages). Days run from the first date of the calendar to the as-of date;
    a rep has a row only on days with at least one open deal (no zero rows). A deal
    whose currency has no rate that month stays in open_opportunities but not in the
    amounts (fx_rate_missing_opportunities); a stage unknown to the seed adds to the
    open amount but not to the weighted one (unknown_stage_opportunities). Owner and
    team are the deal's current ones (fct_opportunities).
    Each run of days is cut at month ends and converted once per month (its amount and
    rate hold for the whole piece). A piece joins its rep's totals on its first day and
    leaves them on the day after its last, so the totals change only on those days and
    hold until the next change (running sums of the changes, exact in decimals). Running
    counts of the deals with an amount (and a weighted amount) keep an amount null while
    none of the rep's open deals has one, as a sum of nulls is. A stretch with an open
    deal lies within one month (a piece ends at its month's end), so it is joined to
    that month's days: the cost grows with the deal-months and the output rows, not with
    the open deal-days (scale 30: 4.6M deal-days for 0.6M rows).
#}

{%- set running_totals = [
    'opportunities', 'priced_opportunities', 'amount', 'weighted_opportunities',
    'weighted_amount', 'fx_rate_missing', 'unknown_stage'
] %}

with

states as (
    select * from {{ ref('int_opportunity_states_historized') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
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

months as (
    select
        month_start,
        cast({{ dbt.dateadd('month', 1, 'month_start') }} as date) as next_month_start
    from days
    group by 1, 2
),

open_runs as (
    select
        opportunities.owner_rep_id,
        opportunities.team_id,
        states.amount_local,
        states.currency,
        states.default_probability,
        case
            when states.valid_from < cast(opportunities.created_at as date)
                then cast(opportunities.created_at as date)
            else states.valid_from
        end as open_from,
        coalesce(
            states.valid_to,
            cast({{ dbt.dateadd('day', 1, 'as_of.as_of_date') }} as date)
        ) as open_until
    from states
    inner join opportunities
        on states.opportunity_id = opportunities.opportunity_id
    cross join as_of
    where states.is_open
),

-- Each run cut at month ends, valued at that month's rate.
run_months as (
    select
        open_runs.owner_rep_id,
        open_runs.team_id,
        open_runs.default_probability,
        {{ convert_currency(
            'open_runs.amount_local', 'open_runs.currency', 'fx_rates.rate_to_reporting'
        ) }} as amount,
        {{ fx_rate_is_missing(
            'open_runs.amount_local', 'open_runs.currency', 'fx_rates.rate_to_reporting'
        ) }} as is_fx_rate_missing,
        case
            when open_runs.open_from > months.month_start then open_runs.open_from
            else months.month_start
        end as piece_from,
        case
            when open_runs.open_until < months.next_month_start
                then open_runs.open_until
            else months.next_month_start
        end as piece_until
    from open_runs
    inner join months
        on
            months.month_start < open_runs.open_until
            and months.next_month_start > open_runs.open_from
    left join fx_rates
        on
            months.month_start = fx_rates.month_start
            and open_runs.currency = fx_rates.currency
),

-- Each piece joins its rep's totals on its first day and leaves them on the day after
-- its last.
piece_changes as (
    select
        owner_rep_id,
        team_id,
        piece_from as change_day,
        1 as direction,
        amount,
        default_probability,
        is_fx_rate_missing
    from run_months
    union all
    select
        owner_rep_id,
        team_id,
        piece_until as change_day,
        -1 as direction,
        amount,
        default_probability,
        is_fx_rate_missing
    from run_months
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
