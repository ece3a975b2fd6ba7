{#
    One schema per layer (staging, intermediate, marts, reference, audit), named exactly as
    configured in dbt_project.yml, so a BI user sees the layers in the warehouse file.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
