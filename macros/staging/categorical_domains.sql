{#
    The one list of allowed values per categorical raw column (SPEC §2). Staging maps every
    value to trimmed lower case; a value outside its domain becomes the fallback (`other`)
    and is counted in `audit_categorical_fallbacks`. Tests read the same lists.
#}
{% macro categorical_domains() %}
    {%- set regions = ['north_america', 'emea', 'apac', 'latam'] -%}
    {%- set directions = ['outbound', 'inbound'] -%}
    {{ return({
        'crm_users': {
            'role': ['sdr', 'ae', 'manager', 'other'],
        },
        'crm_teams': {
            'region': regions,
        },
        'crm_accounts': {
            'segment': ['smb', 'mid_market', 'enterprise'],
            'region': regions,
        },
        'crm_leads': {
            'status': [
                'new', 'working', 'mql', 'sal', 'sql', 'nurturing', 'disqualified',
                'converted',
            ],
        },
        'crm_lead_status_history': {
            'status': [
                'new', 'working', 'mql', 'sal', 'sql', 'nurturing', 'disqualified',
                'converted',
            ],
        },
        'crm_opportunities': {
            'opportunity_type': ['new_business', 'expansion', 'renewal'],
            'stage_name': [
                'prospecting', 'qualification', 'discovery', 'proposal', 'negotiation',
                'closed_won', 'closed_lost',
            ],
            'forecast_category': ['pipeline', 'best_case', 'commit', 'closed', 'omitted'],
            'loss_reason': [
                'competitor', 'price', 'no_decision', 'timing', 'product_fit', 'other',
            ],
        },
        'crm_opportunity_stage_history': {
            'stage_name': [
                'prospecting', 'qualification', 'discovery', 'proposal', 'negotiation',
                'closed_won', 'closed_lost',
            ],
            'forecast_category': ['pipeline', 'best_case', 'commit', 'closed', 'omitted'],
        },
        'crm_meetings': {
            'meeting_type': ['discovery', 'demo', 'negotiation', 'other'],
            'status': [
                'scheduled', 'completed', 'cancelled', 'no_show', 'declined',
                'rescheduled',
            ],
        },
        'email_messages': {
            'direction': directions,
        },
        'email_events': {
            'event_type': [
                'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed',
                'spam_report',
            ],
        },
        'telephony_calls': {
            'direction': directions,
            'disposition': [
                'connected', 'no_answer', 'voicemail', 'busy', 'wrong_number',
                'meeting_booked',
            ],
        },
        'telephony_sms': {
            'direction': directions,
            'status': ['sent', 'delivered', 'failed', 'received'],
        },
        'sales_goals': {
            'scope': ['user', 'team', 'company'],
        },
    }) }}
{% endmacro %}

{% macro categorical_fallback() %}{{ return('other') }}{% endmacro %}

{#
    The name of a column's domain in seeds/categorical_synonyms.csv: the column name,
    except for the three different `status` domains.
#}
{% macro categorical_domain_name(table_name, column) -%}
    {%- set names = {
        'crm_leads.status': 'lead_status',
        'crm_lead_status_history.status': 'lead_status',
        'crm_meetings.status': 'meeting_status',
        'telephony_sms.status': 'sms_status',
    } -%}
    {{ return(names.get(table_name ~ '.' ~ column, column)) }}
{%- endmacro %}

{#
    Trimmed lower-case value of a categorical column, mapped into its domain (SPEC §6):
    a value of the domain stays; a delivery's own spelling (`AMER`, `Closed Won`) maps
    through seeds/categorical_synonyms.csv, so a new spelling is a seed row, never SQL;
    any other value becomes `other` (counted in audit_categorical_fallbacks); empty
    values null. With `raw_types` (raw_column_types()), an optional column the delivery
    lacks is null.
#}
{% macro normalize_category(table_name, column, raw_types=none) -%}
    {%- set domain = categorical_domains()[table_name][column] -%}
    {%- set raw = column if raw_types is none else optional_raw_column(column, raw_types) -%}
    {%- set value = 'lower(' ~ clean_text(raw) ~ ')' -%}
    case
        when {{ value }} in ('{{ domain | join("', '") }}') then {{ value }}
        when {{ value }} is not null then coalesce(
            (
                select max(synonyms.value)
                from {{ ref('categorical_synonyms') }} as synonyms
                where
                    synonyms.domain = '{{ categorical_domain_name(table_name, column) }}'
                    and lower(trim(synonyms.spelling)) = {{ value }}
            ),
            '{{ categorical_fallback() }}'
        )
    end
{%- endmacro %}
