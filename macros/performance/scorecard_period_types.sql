{#
    The periods every performance scorecard is rolled up to (SPEC §3 "per month,
    quarter, year"): the period type, its length in months and the dim_date column that
    holds the first day of the period containing a day. Quarters and years are fiscal
    (var fiscal_year_start_month), as dim_date computes them.
#}
{% macro scorecard_period_types() %}
    {{ return([
        {'period_type': 'month', 'months': 1, 'calendar_column': 'month_start'},
        {'period_type': 'quarter', 'months': 3, 'calendar_column': 'quarter_start'},
        {'period_type': 'year', 'months': 12, 'calendar_column': 'fiscal_year_start'},
    ]) }}
{% endmacro %}
