{#
    The bookings goal of every rep, team and the company for each period it covers
    exactly (a month, fiscal quarter or fiscal year; SPEC §3 quota), from the `bookings`
    goals of stg_goals__sales_goals, in the reporting currency at the FX rate of the goal
    period's first month (as the goal marts do). A goal over any other span is ignored.
    Two goals for the same scope and period: the most recently updated wins (ties:
    highest goal_id). Goal scope `user` is scorecard scope `rep`.
#}
with

goals as (
    select * from {{ ref('stg_goals__sales_goals') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

bookings_goals as (
    select
        goals.goal_id,
        case when goals.scope = 'user' then 'rep' else goals.scope end as scope,
        case
            when goals.scope = 'company' then 'company' else goals.scope_id
        end as scope_id,
        goals.period_start,
        goals.period_end,
        goals.updated_at,
        case
            when goals.currency is null then goals.target_value
            else {{ convert_currency(
                'goals.target_value', 'goals.currency', 'fx_rates.rate_to_reporting'
            ) }}
        end as target
    from goals
    left join fx_rates
        on
            cast({{ dbt.date_trunc('month', 'goals.period_start') }} as date)
            = fx_rates.month_start
            and goals.currency = fx_rates.currency
    where goals.metric = 'bookings' and goals.scope in ('user', 'team', 'company')
),

typed_goals as (
    select
        bookings_goals.*,
        case
            {%- for period in scorecard_period_types() %}
            when
                bookings_goals.period_start = {{ scorecard_period_start(
                    period.period_type, 'bookings_goals.period_start') }}
                and bookings_goals.period_end = {{ scorecard_period_end(
                    'bookings_goals.period_start', period.months) }}
                then '{{ period.period_type }}'
            {%- endfor %}
        end as period_type
    from bookings_goals
),

ranked_goals as (
    select
        *,
        row_number() over (
            partition by scope, scope_id, period_type, period_start
            order by updated_at desc, goal_id desc
        ) as goal_rank
    from typed_goals
    where period_type is not null
),

own_goals as (
    select
        period_type,
        period_start,
        scope,
        scope_id,
        goal_id,
        target
    from ranked_goals
    where goal_rank = 1
)

select * from own_goals
