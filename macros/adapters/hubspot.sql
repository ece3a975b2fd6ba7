{#
    Where the rows of each HubSpot table (every table of _hubspot__sources.yml) go
    (adapter_row_scope). A contact feeds crm_contacts when it has a company or is no
    lead, and crm_leads when it has a lifecycle stage or a lead status: one record can
    be both (hubspot_row_condition). Links, stages, roles and amount changes are read
    into other tables' rows; a change of any other property is out of scope.
#}
{% macro hubspot_table_scopes() %}
    {%- set lookup = {'lookup': true} -%}
    {{ return({
        'owner': {'feeds': 'crm_users'},
        'users': lookup,
        'role': lookup,
        'team': {'feeds': 'crm_teams'},
        'owner_team': lookup,
        'company': {'feeds': 'crm_accounts', 'passes_deletes': true},
        'contact': {'feeds': 'crm_contacts', 'passes_deletes': true, 'when': 'is_contact'},
        'contact as lead': {
            'table': 'contact', 'feeds': 'crm_leads', 'passes_deletes': true,
            'when': 'is_lead'},
        'contact_property_history': {'by': 'name', 'by_value': {
            'lifecyclestage': 'crm_lead_status_history',
            'hs_lead_status': 'crm_lead_status_history'}},
        'deal': {'feeds': 'crm_opportunities', 'passes_deletes': true},
        'deal_pipeline_stage': lookup,
        'deal_stage': {'feeds': 'crm_opportunity_stage_history'},
        'deal_property_history': {'by': 'name', 'by_value': {'amount': 'lookup'}},
        'deal_company': lookup,
        'deal_contact': lookup,
        'engagement_call': {'feeds': 'telephony_calls'},
        'engagement_email': {'feeds': 'email_messages'},
        'engagement_meeting': {'feeds': 'crm_meetings'},
        'engagement_contact': lookup,
        'engagement_company': lookup,
        'engagement_deal': lookup,
        'email_event': {'feeds': 'email_events'},
    }) }}
{% endmacro %}

{# The soft-delete column of each HubSpot table that has one. #}
{% macro hubspot_deleted_columns() %}
    {{ return({
        'company': 'is_deleted',
        'deal': 'is_deleted',
        'contact': '_fivetran_deleted',
        'engagement_call': '_fivetran_deleted',
        'engagement_email': '_fivetran_deleted',
        'engagement_meeting': '_fivetran_deleted',
    }) }}
{% endmacro %}

{#
    The kind of a contact row: a lead has a lifecycle stage or a lead status; a contact
    has a company, or is no lead. Read from the contact table's own columns (absent
    columns are null).
#}
{% macro hubspot_row_condition(name) %}
    {%- set raw_types = raw_column_types(source('hubspot', 'contact')) -%}
    {%- set lifecycle = 'coalesce(' ~ clean_text(optional_raw_column(
            'property_lifecyclestage', raw_types)) ~ ', ' ~ clean_text(
            optional_raw_column('property_hs_lead_status', raw_types)) ~ ')' -%}
    {%- set company = clean_text(optional_raw_column(
            'property_associatedcompanyid', raw_types)) -%}
    {%- if name == 'is_lead' -%}
        {{ return(lifecycle ~ ' is not null') }}
    {%- elif name == 'is_contact' -%}
        {{ return('(' ~ company ~ ' is not null or ' ~ lifecycle ~ ' is null)') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("hubspot_row_condition: no condition " ~ name) }}
{% endmacro %}

{#
    Every HubSpot contact id with its kinds (over all its versions): whether it is a
    contact, a lead. An engagement's linked contact is its contact, its lead, or both.
#}
{% macro hubspot_contact_kinds() %}
    select
        {{ clean_text('id') }} as record_id,
        max(case when {{ hubspot_row_condition('is_contact') }} then 1 else 0 end)
            as is_contact,
        max(case when {{ hubspot_row_condition('is_lead') }} then 1 else 0 end) as is_lead
    from {{ source('hubspot', 'contact') }}
    where {{ clean_text('id') }} is not null
    group by 1
{% endmacro %}

{#
    The CRM records an engagement is linked to (engagement_contact, engagement_company,
    engagement_deal), as the contract's link columns (SPEC §7): the lowest id of each
    kind when several are linked. A linked contact missing from the delivery is a
    contact (an orphan link, SPEC §2 rule 5). Joined by hubspot_engagement_link_joins.
#}
{% macro hubspot_engagement_links() %}
    {%- set links = source('hubspot', 'engagement_contact') -%}
    with

    contact_links as (
        select
            {{ clean_text('links.engagement_id') }} as engagement_id,
            min(case
                when kinds.is_contact = 1 or kinds.record_id is null
                    then {{ clean_text('links.contact_id') }}
            end) as contact_id,
            min(case
                when kinds.is_lead = 1 then {{ clean_text('links.contact_id') }}
            end) as lead_id
        from {{ links }} as links
        left join ({{ hubspot_contact_kinds() }}) as kinds
            on {{ clean_text('links.contact_id') }} = kinds.record_id
        group by 1
    ),

    {%- for kind, column in [('company', 'company_id'), ('deal', 'deal_id')] %}

    {{ kind }}_links as (
        {{ hubspot_first_link('engagement_' ~ kind, 'engagement_id', column) }}
    ),
    {%- endfor %}

    engagement_ids as (
        select engagement_id from contact_links
        union
        select engagement_id from company_links
        union
        select engagement_id from deal_links
    )

    select
        engagement_ids.engagement_id,
        contact_links.contact_id,
        contact_links.lead_id,
        company_links.company_id as account_id,
        deal_links.deal_id as opportunity_id
    from engagement_ids
    left join contact_links on engagement_ids.engagement_id = contact_links.engagement_id
    left join company_links on engagement_ids.engagement_id = company_links.engagement_id
    left join deal_links on engagement_ids.engagement_id = deal_links.engagement_id
{% endmacro %}

{#
    An engagement table's rows of its contract table, joined to their links (the
    model's CTE `engagement_links` holds hubspot_engagement_links()).
#}
{% macro hubspot_engagements(table, contract_table) %}
    select
        engagements.*,
        engagement_links.contact_id as linked_contact_id,
        engagement_links.lead_id as linked_lead_id,
        engagement_links.account_id as linked_account_id,
        engagement_links.opportunity_id as linked_opportunity_id
    from {{ source('hubspot', table) }} as engagements
    left join engagement_links
        on {{ clean_text('engagements.engagement_id') }} = engagement_links.engagement_id
    where {{ adapter_row_scope('hubspot', table) }} = '{{ contract_table }}'
{% endmacro %}

{#
    The id of a row of a HubSpot history table, which has none of its own: its columns
    joined by `|` (a null column as empty); null when the record's id (the first column)
    is null, as a contract row without a key.
#}
{% macro hubspot_change_id(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string()
            ~ "), '')") -%}
    {%- endfor -%}
    case
        when {{ clean_text(columns[0]) }} is not null then {{ dbt.concat(parts) }}
    end
{%- endmacro %}

{#
    Every deal stage id (deal_pipeline_stage, the latest row of each): its label, and
    whether it is closed (`is_closed`, else the older connector's `closed_won`, which
    means closed) and won (a closed stage of probability 1, SPEC §7).
#}
{% macro hubspot_deal_stages() %}
    {%- set raw_types = raw_column_types(source('hubspot', 'deal_pipeline_stage')) -%}
    select
        stage_id,
        label,
        coalesce(is_closed, false) as is_closed,
        coalesce(is_closed and probability >= 1, false) as is_won
    from (
        select
            {{ clean_text('stage_id') }} as stage_id,
            {{ clean_text('label') }} as label,
            coalesce(
                {{ try_cast(clean_text('is_closed'), dbt.type_boolean()) }},
                {{ try_cast(clean_text(optional_raw_column('closed_won', raw_types)),
                    dbt.type_boolean()) }}
            ) as is_closed,
            {{ try_cast(clean_text('probability'), dbt.type_numeric()) }} as probability,
            row_number() over (
                partition by {{ clean_text('stage_id') }} order by _fivetran_synced desc
            ) as stage_rank
        from {{ source('hubspot', 'deal_pipeline_stage') }}
    ) as stages
    where stage_rank = 1 and stage_id is not null
{% endmacro %}

{#
    The first record a HubSpot association table links each record to (the lowest id:
    HubSpot numbers records in the order they are created), both ids cleaned.
#}
{% macro hubspot_first_link(table, from_column, to_column) %}
    select
        {{ clean_text(from_column) }} as {{ from_column }},
        min({{ clean_text(to_column) }}) as {{ to_column }}
    from {{ source('hubspot', table) }}
    group by 1
{% endmacro %}
