{#
    The business calendar a region uses (SPEC §6): its own when the region is one of the
    domain (int_business_days_by_region has a calendar for each), otherwise, `other`, an
    unknown or a missing region, the `global` calendar. The out-of-domain value itself is
    counted in audit_categorical_fallbacks and warned about by staging's fallback test.
#}
{% macro business_calendar_region(region) -%}
    case
        when {{ region }} in ('{{ categorical_domains()['crm_teams']['region'] | join("', '") }}')
            then {{ region }}
        else 'global'
    end
{%- endmacro %}
