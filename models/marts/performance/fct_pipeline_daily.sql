{#
    Open pipeline per day and owner rep as it stood at the end of each day (SPEC §3, §5),
    replayed from the stage history, never today's state copied backwards: the deals'
    open runs valued month by month (int_open_pipeline_pieces_valued) and summed per rep
    and day (int_open_pipeline_summed_to_rep_days, which the sales scorecard also reads).
#}
with

pipeline as (
    select * from {{ ref('int_open_pipeline_summed_to_rep_days') }}
)

select * from pipeline
