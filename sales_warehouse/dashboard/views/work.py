"""My work: the rep's work list as of the as-of date (fct_rep_work_items, SPEC §9):
open leads past the SLA without a response, overdue next steps, stuck and stale deals
and single-touch leads, in priority order."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from sales_warehouse.dashboard import common as c
except ModuleNotFoundError:  # `streamlit run` from outside the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from sales_warehouse.dashboard import common as c

import streamlit as st

ITEM_TYPES = {
    "lead_past_sla": "Leads past the SLA",
    "next_step_overdue": "Next steps overdue",
    "stuck_opportunity": "Stuck deals",
    "stale_opportunity": "Stale deals",
    "single_touch_lead": "Single-touch leads",
}


def render() -> None:
    st.set_page_config(page_title="My work", layout="wide")
    f = c.sidebar_filters(
        applies={
            "Period": "not applied: the list is as of the as-of date",
            "Channel, segment": "not applied (work items carry neither)",
        }
    )
    c.page_header("My work", f)
    where, params = f.where(rep="rep_id")
    counts = dict(
        c.query(
            f"""
            select item_type, count(*) as items from marts.fct_rep_work_items
            where {where} group by 1
        """,
            params,
        ).itertuples(index=False)
    )
    c.metric_row(
        [("Work items", c.fmt_count(sum(counts.values())), "every item type")]
        + [
            (label, c.fmt_count(counts.get(item_type, 0)), None)
            for item_type, label in ITEM_TYPES.items()
        ],
        per_row=6,
    )
    if not f.rep_id:
        st.info("Pick a rep in the sidebar to see their list; items per rep:")
        per_rep = c.query(
            f"""
            select
                coalesce(reps.rep_name, items.rep_id) as rep,
                items.rep_id,
                count(*) as items,
                sum(case when items.priority = 1 then 1 else 0 end) as priority_1
            from marts.fct_rep_work_items as items
            left join marts.dim_reps as reps
                on items.rep_id = reps.rep_id
            where {f.where(rep="rep_id", table="items")[0]}
            group by 1, 2
            order by items desc, 2
        """,
            f.where(rep="rep_id", table="items")[1],
        )
        st.dataframe(per_rep, hide_index=True, width="stretch")
        return
    items = c.query(
        """
        select priority, item_type, record_type, record_id, reason, age_days
        from marts.fct_rep_work_items
        where rep_id = ?
        order by priority, age_days desc, record_id
    """,
        [f.rep_id],
    )
    st.subheader("What to do next")
    st.caption(
        "Priority 1 first (leads past the SLA, then overdue next steps, stuck deals, "
        "stale deals, single-touch leads); within a priority the oldest first."
    )
    if items.empty:
        st.success("Nothing on the list.")
    else:
        st.dataframe(items, hide_index=True, width="stretch")


if c.require_warehouse():
    with c.snapshot():
        render()
