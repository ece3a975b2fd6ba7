{#
    Where the rows of each Salesforce table (every table of _salesforce__sources.yml) go
    (adapter_row_scope): a task is a call (subtype Call) or an outbound email (Email), any
    other task (a to-do, a LinkedIn message) is out of scope, as is a lead_history row of
    a field other than Status.
#}
{% macro salesforce_table_scopes() %}
    {{ return({
        'user': {'feeds': 'crm_users'},
        'user_role': {'feeds': 'crm_teams'},
        'account': {'feeds': 'crm_accounts', 'passes_deletes': true},
        'contact': {'feeds': 'crm_contacts', 'passes_deletes': true},
        'lead': {'feeds': 'crm_leads', 'passes_deletes': true},
        'lead_history': {'by': 'field', 'by_value': {'status': 'crm_lead_status_history'}},
        'opportunity': {'feeds': 'crm_opportunities', 'passes_deletes': true},
        'opportunity_history': {'feeds': 'crm_opportunity_stage_history'},
        'product_2': {'feeds': 'crm_products'},
        'opportunity_line_item': {
            'feeds': 'crm_opportunity_line_items', 'passes_deletes': true},
        'event': {'feeds': 'crm_meetings'},
        'task': {'by': 'task_subtype', 'by_value': {
            'call': 'telephony_calls', 'email': 'email_messages'}},
    }) }}
{% endmacro %}

{# Users and roles have no IsDeleted field: Fivetran marks their deletes itself. #}
{% macro salesforce_deleted_column(table) %}
    {{ return('_fivetran_deleted' if table in ('user', 'user_role') else 'is_deleted') }}
{% endmacro %}

{#
    The CRM records of Salesforce's polymorphic ids (`who_id`: a contact or a lead;
    `what_id`: an opportunity, an account, ...) on an activity, as the contract's link
    columns. An id is known by the table holding it, else by Salesforce's key prefix, so
    a link to a record missing from the delivery stays an orphan link, as in the
    contract (SPEC §2 rule 5): a person is a lead (00Q) or else a contact; a record is an
    opportunity (006) or an account (001), any other object (a campaign, a case) no link.
    The activity is joined to salesforce_record_kinds() by salesforce_record_link_joins.
#}
{% macro salesforce_record_links(activity) %}
    {%- set who = 'who_kinds' -%}
    {%- set what = 'what_kinds' -%}
        case
            when {{ who }}.record_kind = 'contact'
                or {{ who }}.record_kind is null
                and {{ salesforce_key_prefix(activity ~ '.who_id') }} <> '00Q'
                then {{ activity }}.who_id
        end as contact_id,
        case
            when {{ who }}.record_kind = 'lead'
                or {{ who }}.record_kind is null
                and {{ salesforce_key_prefix(activity ~ '.who_id') }} = '00Q'
                then {{ activity }}.who_id
        end as lead_id,
        coalesce(
            {{ activity }}.account_id,
            case
                when {{ what }}.record_kind = 'account'
                    or {{ what }}.record_kind is null
                    and {{ salesforce_key_prefix(activity ~ '.what_id') }} = '001'
                    then {{ activity }}.what_id
            end
        ) as account_id,
        case
            when {{ what }}.record_kind = 'opportunity'
                or {{ what }}.record_kind is null
                and {{ salesforce_key_prefix(activity ~ '.what_id') }} = '006'
                then {{ activity }}.what_id
        end as opportunity_id
{% endmacro %}

{% macro salesforce_record_link_joins(activity, record_kinds) %}
    left join {{ record_kinds }} as who_kinds
        on {{ clean_text(activity ~ '.who_id') }} = who_kinds.record_id
    left join {{ record_kinds }} as what_kinds
        on {{ clean_text(activity ~ '.what_id') }} = what_kinds.record_id
{% endmacro %}

{% macro salesforce_key_prefix(column) -%}
    substring({{ clean_text(column) }}, 1, 3)
{%- endmacro %}

{# Every id of the contact, lead, account and opportunity tables, with its kind. #}
{% macro salesforce_record_kinds() %}
    select
        record_id,
        min(record_kind) as record_kind
    from (
        {%- for table in ['contact', 'lead', 'account', 'opportunity'] %}
        select
            {{ clean_text('id') }} as record_id,
            '{{ table }}' as record_kind
        from {{ source('salesforce', table) }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as records
    where record_id is not null
    group by record_id
{% endmacro %}
