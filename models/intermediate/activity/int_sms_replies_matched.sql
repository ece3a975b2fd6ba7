{#
    SMS replies (SPEC §3), one row per outbound SMS: it is replied when an inbound SMS
    from the same number follows within 24 hours. Precisely: the inbound SMS's
    counterpart (its from_number) equals the outbound's (its to_number), and the inbound
    sent_at is in (outbound sent_at, outbound sent_at + 24 hours]: strictly after, at
    most 24 hours after. Which rep received the reply does not matter. Each outbound SMS
    counts once however many replies it got; one inbound SMS can answer every outbound
    SMS to its number of the previous 24 hours. An SMS without a counterpart number is
    never replied.
#}
with

activities as (
    select * from {{ ref('int_activities_unioned') }}
),

sms as (
    select
        activity_id,
        source_record_id,
        direction,
        counterpart,
        occurred_at as sent_at
    from activities
    where activity_type = 'sms'
),

outbound_sms as (
    select * from sms
    where direction = 'outbound'
),

inbound_sms as (
    select * from sms
    where direction = 'inbound' and counterpart is not null
),

replies as (
    select
        outbound_sms.activity_id,
        min(inbound_sms.sent_at) as first_reply_at,
        count(*) as replies_within_24_hours
    from outbound_sms
    inner join inbound_sms
        on
            outbound_sms.counterpart = inbound_sms.counterpart
            and inbound_sms.sent_at > outbound_sms.sent_at
            and inbound_sms.sent_at
            <= {{ dbt.dateadd('hour', 24, 'outbound_sms.sent_at') }}
    group by 1
),

final as (
    select
        outbound_sms.activity_id,
        outbound_sms.source_record_id as sms_id,
        outbound_sms.counterpart,
        outbound_sms.sent_at,
        replies.activity_id is not null as is_replied,
        replies.first_reply_at,
        coalesce(replies.replies_within_24_hours, 0) as replies_within_24_hours
    from outbound_sms
    left join replies
        on outbound_sms.activity_id = replies.activity_id
)

select * from final
