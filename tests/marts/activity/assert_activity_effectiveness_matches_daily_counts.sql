{#
    fct_activity_effectiveness and fct_rep_activity_daily count the same outbound
    attempts and responses: per rep, summed over hours and weekdays, attempts, connects
    and replies equal the daily outbound calls, connected calls, emails sent and
    replied, SMS sent and replied. Returns one row per rep and measure that disagrees.
#}
with

effectiveness as (
    select * from {{ ref('fct_activity_effectiveness') }}
),

activity_daily as (
    select * from {{ ref('fct_rep_activity_daily') }}
),

{%- set pairs = [
    ('call', 'attempts', 'outbound_calls'),
    ('call', 'connects', 'connected_calls'),
    ('email', 'attempts', 'emails_sent'),
    ('email', 'replies', 'emails_replied'),
    ('sms', 'attempts', 'sms_sent'),
    ('sms', 'replies', 'sms_replied'),
] %}

effectiveness_totals as (
    {%- for activity_type, column, measure in pairs %}
    select
        rep_id,
        '{{ measure }}' as measure,
        sum({{ column }}) as effectiveness_value
    from effectiveness
    where activity_type = '{{ activity_type }}'
    group by 1, 2
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

daily_totals as (
    {%- for activity_type, column, measure in pairs %}
    select
        rep_id,
        '{{ measure }}' as measure,
        sum({{ measure }}) as daily_value
    from activity_daily
    group by 1, 2
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

compared as (
    select
        coalesce(effectiveness_totals.rep_id, daily_totals.rep_id) as rep_id,
        coalesce(effectiveness_totals.measure, daily_totals.measure) as measure,
        coalesce(effectiveness_totals.effectiveness_value, 0) as effectiveness_value,
        coalesce(daily_totals.daily_value, 0) as daily_value
    from effectiveness_totals
    full outer join daily_totals
        on
            effectiveness_totals.rep_id = daily_totals.rep_id
            and effectiveness_totals.measure = daily_totals.measure
)

select * from compared
where effectiveness_value != daily_value
