{#
    The additive activity counts of fct_rep_activity_daily, in column order. Every
    rollup sums exactly these, so a week, month or team never disagrees with its days.
#}
{% macro activity_daily_counts() %}
    {{ return([
        'outbound_calls', 'cold_calls', 'connected_calls', 'inbound_calls',
        'answered_calls', 'talk_time_seconds',
        'emails_sent', 'emails_delivered', 'emails_opened', 'emails_clicked',
        'emails_replied', 'emails_bounced', 'emails_received',
        'sms_sent', 'sms_replied', 'sms_received',
        'meetings_booked', 'meetings_completed', 'meetings_cancelled',
        'meetings_declined', 'meetings_no_show', 'meeting_time_seconds',
        'demos_booked', 'demos_completed', 'demos_no_show',
        'activity_time_seconds', 'opportunities_created',
        'activities_without_direction',
    ]) }}
{% endmacro %}

{#
    The staging model whose rows each activity count is made of (SPEC §6): where it has
    no row (a company without a phone system, an email tool, SMS or meetings in its
    CRM), fct_rep_activity_daily says null, "no data from this source", not 0, and every
    rollup and rate over it is null too. Activity time is null only when neither calls
    nor meetings were delivered; opportunities created come from a required table.
#}
{% macro activity_count_sources() %}
    {%- set sources = {} -%}
    {%- for measure in ['outbound_calls', 'cold_calls', 'connected_calls', 'inbound_calls',
                        'answered_calls', 'talk_time_seconds'] -%}
        {%- do sources.update({measure: 'stg_telephony__calls'}) -%}
    {%- endfor -%}
    {%- for measure in activity_daily_counts() if measure.startswith('emails_') -%}
        {%- do sources.update({measure: 'stg_email__messages'}) -%}
    {%- endfor -%}
    {#- Tracking counts need tracking events: an email tool that sends but does not
        track (or a CRM's email log) has none. -#}
    {%- for measure in ['emails_delivered', 'emails_opened', 'emails_clicked',
                        'emails_replied', 'emails_bounced'] -%}
        {%- do sources.update({measure: 'stg_email__events'}) -%}
    {%- endfor -%}
    {#- Salesforce's email log (its email tasks, SPEC §7) holds the emails reps sent,
        never those they received (HubSpot logs both). -#}
    {%- if raw_source_system() == 'salesforce' -%}
        {%- do sources.update({'emails_received': 'not_carried'}) -%}
    {%- endif -%}
    {%- for measure in activity_daily_counts() if measure.startswith('sms_') -%}
        {%- do sources.update({measure: 'stg_telephony__sms'}) -%}
    {%- endfor -%}
    {%- for measure in activity_daily_counts()
        if measure.startswith('meeting') or measure.startswith('demos_') -%}
        {%- do sources.update({measure: 'stg_crm__meetings'}) -%}
    {%- endfor -%}
    {{ return(sources) }}
{% endmacro %}

{#
    The activity rates (SPEC §3), each computed from summed counts of the group (never an
    average of daily rates): name, numerator, denominator. Email rates are per email
    sent (doc block `email_rate_denominator`); the mean talk time per answered call is a
    mean in seconds, not a fraction.
#}
{% macro activity_rates() %}
    {{ return([
        {'name': 'connect_rate', 'numerator': 'connected_calls',
         'denominator': 'outbound_calls'},
        {'name': 'cold_call_share', 'numerator': 'cold_calls',
         'denominator': 'outbound_calls'},
        {'name': 'open_rate', 'numerator': 'emails_opened',
         'denominator': 'emails_sent'},
        {'name': 'click_rate', 'numerator': 'emails_clicked',
         'denominator': 'emails_sent'},
        {'name': 'reply_rate', 'numerator': 'emails_replied',
         'denominator': 'emails_sent'},
        {'name': 'bounce_rate', 'numerator': 'emails_bounced',
         'denominator': 'emails_sent'},
        {'name': 'sms_reply_rate', 'numerator': 'sms_replied',
         'denominator': 'sms_sent'},
        {'name': 'mean_talk_time_seconds', 'numerator': 'talk_time_seconds',
         'denominator': 'answered_calls'},
    ]) }}
{% endmacro %}

{#
    The select-list entries of the activity rates over summed counts, cast to double
    (an enforced contract rejects DuckDB's decimal results; `double` as in the other
    marts). `relation` qualifies the
    count columns when several relations are in scope.
#}
{% macro activity_rate_columns(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for rate in activity_rates() %}
    cast({{ safe_divide(
        'cast(' ~ prefix ~ rate.numerator ~ ' as double)',
        prefix ~ rate.denominator
    ) }} as double) as {{ rate.name }}
    {{- ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
