{#
    The lead or contact an activity reached (SPEC §3 "cold call"): its linked contact,
    else its linked lead. `activity_person_type()` is `contact`, `lead` or null (linked
    to neither); `activity_person_id()` that contact's or lead's id. `relation` prefixes
    the columns (contact_id, lead_id of int_activities_unioned) when given.
#}
{% macro activity_person_type(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    case
        when {{ prefix }}contact_id is not null then 'contact'
        when {{ prefix }}lead_id is not null then 'lead'
    end
{%- endmacro %}

{% macro activity_person_id(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    coalesce({{ prefix }}contact_id, {{ prefix }}lead_id)
{%- endmacro %}
