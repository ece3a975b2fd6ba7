{#
    Daily actuals per rep of every metric a goal can name (SPEC §3 goals), taken from the
    models the dashboards' marts are built from, never computed a second time:
      bookings           won amount by close date, owner rep (int_opportunities_enriched)
      new_opportunities  opportunities created (int_rep_activity_days_summed)
      calls              outbound calls (int_rep_activity_days_summed)
      meetings           completed meetings (int_rep_activity_days_summed)
      sourced_opportunities  opportunities created from a lead the rep owned (SDR
                         goals; converted_lead_id -> int_leads_enriched)
    Long format: one row per day, rep and metric with a non-zero actual.
    The activity counts are the rep-days with activity, summed as fct_rep_activity_daily
    publishes them (its zero days add nothing).
#}
with

opportunities as (
    select * from {{ ref('int_opportunities_enriched') }}
),

activity_daily as (
    select * from {{ ref('int_rep_activity_days_summed') }}
),

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

bookings as (
    select
        close_date as date_day,
        owner_rep_id as rep_id,
        'bookings' as metric,
        sum(amount) as actual_value
    from opportunities
    where is_won and amount is not null
    group by 1, 2
),

activity_metrics as (
    {%- for metric, column in [
        ('new_opportunities', 'opportunities_created'),
        ('calls', 'outbound_calls'),
        ('meetings', 'meetings_completed'),
    ] %}
    select
        date_day,
        rep_id,
        '{{ metric }}' as metric,
        sum({{ column }}) as actual_value
    from activity_daily
    group by 1, 2
    having sum({{ column }}) != 0
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

sourced_opportunities as (
    select
        cast(opportunities.created_at as date) as date_day,
        leads.owner_rep_id as rep_id,
        'sourced_opportunities' as metric,
        count(*) as actual_value
    from opportunities
    inner join leads
        on opportunities.converted_lead_id = leads.lead_id
    group by 1, 2
),

unioned as (
    select * from bookings
    union all
    select * from activity_metrics
    union all
    select * from sourced_opportunities
),

final as (
    select
        cast(date_day as date) as date_day,
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(metric as {{ dbt.type_string() }}) as metric,
        cast(actual_value as decimal(18, 2)) as actual_value
    from unioned
)

select * from final
