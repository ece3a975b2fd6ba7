{#
    Every raw table of SPEC §2 with the source that declares it, its base_/stg_ models and
    the key its rows are de-duplicated on. Read by the audit models, which account for
    every raw row.
#}
{% macro raw_table_registry() %}
    {%- set tables = [
        ('crm', 'crm_users', 'crm__users', 'rep_id'),
        ('crm', 'crm_teams', 'crm__teams', 'team_id'),
        ('crm', 'crm_accounts', 'crm__accounts', 'account_id'),
        ('crm', 'crm_contacts', 'crm__contacts', 'contact_id'),
        ('crm', 'crm_leads', 'crm__leads', 'lead_id'),
        ('crm', 'crm_lead_status_history', 'crm__lead_status_history',
            'lead_status_change_id'),
        ('crm', 'crm_opportunities', 'crm__opportunities', 'opportunity_id'),
        ('crm', 'crm_opportunity_stage_history', 'crm__opportunity_stage_history',
            'stage_change_id'),
        ('crm', 'crm_products', 'crm__products', 'product_id'),
        ('crm', 'crm_opportunity_line_items', 'crm__opportunity_line_items',
            'line_item_id'),
        ('crm', 'crm_meetings', 'crm__meetings', 'meeting_id'),
        ('email', 'email_messages', 'email__messages', 'message_id'),
        ('email', 'email_events', 'email__events', 'email_event_id'),
        ('telephony', 'telephony_calls', 'telephony__calls', 'call_id'),
        ('telephony', 'telephony_sms', 'telephony__sms', 'sms_id'),
        ('web', 'web_sessions', 'web__sessions', 'web_session_id'),
        ('goals', 'sales_goals', 'goals__sales_goals', 'goal_id'),
        ('nps', 'nps_responses', 'nps__responses', 'nps_response_id'),
    ] -%}
    {%- set registry = [] -%}
    {%- for source_name, raw_table, model_suffix, key in tables -%}
        {%- do registry.append({
            'source': source_name,
            'raw_table': raw_table,
            'base_model': 'base_' ~ model_suffix,
            'staging_model': 'stg_' ~ model_suffix,
            'key': key,
        }) -%}
    {%- endfor -%}
    {{ return(registry) }}
{% endmacro %}
