{#
    Every row of the synonyms seed names a known domain and maps into it: a typo in the
    seed would otherwise turn a delivery's spelling into a value no model knows.
#}
{% test synonyms_map_into_their_domain(model) %}

{%- set domains = {} -%}
{%- for table_name, columns in categorical_domains().items() -%}
    {%- for column, values in columns.items() -%}
        {%- do domains.update({categorical_domain_name(table_name, column): values}) -%}
    {%- endfor -%}
{%- endfor %}

select
    domain,
    spelling,
    value
from {{ model }}
where
    case
        {%- for domain, values in domains.items() | sort %}
        when domain = '{{ domain }}' then value not in ('{{ values | join("', '") }}')
        {%- endfor %}
        else true
    end

{% endtest %}
