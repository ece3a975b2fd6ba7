{#
    What happens to a raw row (SPEC §2 rules 1, 2, 7), one of:
      quarantined  - a bad row (quarantine_rule set); never a version of anything
      superseded   - an older version of a record (latest `updated_at` wins, ties broken by
                     the latest `_loaded_at`; tables without `updated_at` keep the latest
                     `_loaded_at`)
      soft_deleted - the winning version says is_deleted
      staged       - the winning version of a live record
    raw rows = staged + superseded + soft_deleted + quarantined, by construction and tested.
#}
{% macro row_status(key, version_column=none, deleted_column=none) -%}
    {%- set order_by = [] -%}
    {%- if version_column -%}
        {%- do order_by.append(version_column ~ ' desc nulls last') -%}
    {%- endif -%}
    {%- do order_by.append('_loaded_at desc nulls last') -%}
    case
        when quarantine_rule is not null then 'quarantined'
        when row_number() over (
            partition by quarantine_rule is null, {{ key }}
            order by {{ order_by | join(', ') }}
        ) > 1 then 'superseded'
        {%- if deleted_column %}
        when coalesce({{ deleted_column }}, false) then 'soft_deleted'
        {%- endif %}
        else 'staged'
    end
{%- endmacro %}
