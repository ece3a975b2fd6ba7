"""The sales dashboard: `make dashboard` runs
`streamlit run sales_warehouse/dashboard/app.py`.

The pages of PAGES (funnel, activity, performance, goals, forecast, my work) over the
public marts of the warehouse in DUCKDB_PATH, read-only. Every page states the as-of
date; the sidebar filters (period, team, rep, channel, segment) are shared by the pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
try:
    from sales_warehouse.dashboard import PAGES
except ModuleNotFoundError:  # `streamlit run` from outside the repository
    sys.path.insert(0, str(HERE.parents[1]))
    from sales_warehouse.dashboard import PAGES

st.set_page_config(page_title="Sales dashboard", layout="wide")
navigation = st.navigation(
    [
        st.Page(
            HERE / "views" / f"{slug}.py",
            title=title,
            url_path=slug,
            default=number == 0,
        )
        for number, (slug, title) in enumerate(PAGES.items())
    ]
)
navigation.run()
