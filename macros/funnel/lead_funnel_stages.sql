{#
    The lead funnel of SPEC §3 in order, each stage with the fct_leads column holding
    when a lead reached it: lead -> MQL -> SAL -> SQL -> opportunity -> won customer.
    (The visitor stage lives in fct_web_visitor_conversions: visitors are not leads.)
#}
{% macro lead_funnel_stages() %}
    {{ return([
        {'stage': 'lead', 'column': 'created_at'},
        {'stage': 'mql', 'column': 'mql_at'},
        {'stage': 'sal', 'column': 'sal_at'},
        {'stage': 'sql', 'column': 'sql_at'},
        {'stage': 'opportunity', 'column': 'opportunity_at'},
        {'stage': 'won', 'column': 'won_at'},
    ]) }}
{% endmacro %}

{#- The slices every funnel KPI is cut by (SPEC §3), as columns of fct_leads. #}
{% macro funnel_slice_columns() %}
    {{ return([
        'channel', 'lead_source', 'owner_rep_id', 'team_id', 'segment', 'region',
        'is_new_customer', 'product_family',
    ]) }}
{% endmacro %}
