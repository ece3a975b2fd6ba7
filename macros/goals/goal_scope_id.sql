{#
    A goal's scope id when the goal has the given scope, else null: the join key of the
    scope's dimension (`left join reps on reps.rep_id = goal_scope_id('goals', 'user')`).
    An equality on it is a hash join; `goals.scope = 'user' and goals.scope_id =
    reps.rep_id` in a left join's condition is not (DuckDB joins it row by row).
#}
{% macro goal_scope_id(goals, scope) -%}
    case when {{ goals }}.scope = '{{ scope }}' then {{ goals }}.scope_id end
{%- endmacro %}
