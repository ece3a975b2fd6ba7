{#
    A touch (SPEC §3 follow-ups, §9 speed to lead): something a rep did towards the
    buyer, an outbound call, email or SMS or a completed meeting. One definition for the
    deal touches, the single-touch leads and a lead's first response. `relation`
    qualifies the activity columns when several relations are in scope.
#}
{% macro is_sales_touch(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    (
        ({{ prefix }}activity_type in ('call', 'email', 'sms')
            and {{ prefix }}direction = 'outbound')
        or ({{ prefix }}activity_type = 'meeting' and {{ prefix }}outcome = 'completed')
    )
{%- endmacro %}
