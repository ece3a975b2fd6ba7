{#
    The periods a forecast as of the as-of date looks at (SPEC §8): the current and the
    next month and fiscal quarter, with their first and last days, as a select statement.
#}
{% macro forecast_periods() %}
    {%- set starts = [
        ('month', 1, dbt.date_trunc('month', as_of_date())),
        ('fiscal_quarter', 3, fiscal_period_start(as_of_date(), 'quarter')),
    ] %}
    {%- for period_type, months, start in starts %}
    {%- for ahead in [0, 1] %}
    select
        '{{ period_type }}' as period_type,
        cast({{ dbt.dateadd('month', months * ahead, start) }} as date)
            as period_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd(
            'month', months * (ahead + 1), start)) }} as date) as period_end
    {%- if not (loop.last and period_type == 'fiscal_quarter') %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
{% endmacro %}
