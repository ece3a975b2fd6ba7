{#
    Raw categorical values outside their domain (SPEC §2 rule 3, §6), which staging maps
    to `other` after the delivery's own spellings (seeds/categorical_synonyms.csv), and
    lead sources the channel mapping does not know (channel `other`), rep time zones the
    engine does not know (UTC) and deal currencies the FX seed does not know (amount
    null, flagged; counted over staged deals): counted here per table, column and
    value, never dropped, and warned about by the on-run-end hook
    warn_categorical_fallbacks.
#}
{%- set domains = categorical_domains() -%}
{%- set registry = raw_table_registry() -%}
{%- set lead_source_tables = [
    ('crm', 'crm_leads'), ('crm', 'crm_contacts'), ('crm', 'crm_opportunities')] -%}

with

channel_mapping as (
    select * from {{ ref('channel_mapping') }}
),

raw_values as (
    {%- for table in registry if table.raw_table in domains %}
    {%- set outer_loop = loop %}
    {%- set raw_types = raw_column_types(raw_source(table.source, table.raw_table)) %}
    {%- for column in domains[table.raw_table] %}
    select
        '{{ table.raw_table }}' as raw_table,
        '{{ column }}' as column_name,
        lower({{ clean_text(optional_raw_column(column, raw_types)) }}) as raw_value,
        {{ normalize_category(table.raw_table, column, raw_types) }} as mapped_to,
        cast(null as {{ dbt.type_string() }}) as record_id
    from {{ raw_source(table.source, table.raw_table) }}
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

raw_lead_sources as (
    {%- for source_name, raw_table in lead_source_tables %}
    select
        '{{ raw_table }}' as raw_table,
        lower({{ clean_text('lead_source') }}) as raw_value,
        cast(null as {{ dbt.type_string() }}) as record_id
    from {{ raw_source(source_name, raw_table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

unmapped_lead_sources as (
    select
        raw_lead_sources.raw_table,
        'lead_source' as column_name,
        raw_lead_sources.raw_value,
        '{{ categorical_fallback() }}' as mapped_to,
        raw_lead_sources.record_id
    from raw_lead_sources
    left join channel_mapping
        on raw_lead_sources.raw_value = channel_mapping.lead_source
    where
        raw_lead_sources.raw_value is not null
        and channel_mapping.lead_source is null
),

unknown_time_zones as (
    select
        'crm_users' as raw_table,
        'time_zone' as column_name,
        {{ clean_text('time_zone') }} as raw_value,
        'UTC' as mapped_to,
        {{ clean_text('user_id') }} as record_id
    from {{ raw_source('crm', 'crm_users') }}
    where
        {{ clean_text('time_zone') }} is not null
        and {{ valid_time_zone('time_zone') }} is null
),

-- A currency the FX seed does not know at all (US dollars and the reporting currency
-- need no rate); a month missing for a known currency is flagged on the deal
-- (is_fx_rate_missing) and in fct_bookings_line_item_reconciliation.
known_currencies as (
    select distinct currency from {{ ref('fx_rates_monthly') }}
    union all
    select 'USD' as currency
    union all
    select '{{ var("reporting_currency") }}' as currency
),

unknown_currencies as (
    select
        'crm_opportunities' as raw_table,
        'currency' as column_name,
        opportunities.currency as raw_value,
        'no FX rate' as mapped_to,
        opportunities.opportunity_id as record_id
    from {{ ref('stg_crm__opportunities') }} as opportunities
    left join known_currencies
        on opportunities.currency = known_currencies.currency
    where
        opportunities.currency is not null
        and known_currencies.currency is null
),

counted as (
    select
        raw_table,
        column_name,
        raw_value,
        mapped_to,
        count(*) as raw_rows,
        min(record_id) as example_record_id
    from (
        select * from raw_values
        -- a raw `other` is a value of its domain, not a fallback
        where mapped_to = '{{ categorical_fallback() }}' and raw_value != mapped_to
        union all
        select * from unmapped_lead_sources
        union all
        select * from unknown_time_zones
        union all
        select * from unknown_currencies
    ) as fallbacks
    group by 1, 2, 3, 4
)

select * from counted
