"""The sales dashboard (Streamlit) over the public marts: `make dashboard`.

``app.py`` is the entry point (the pages under ``views/``, in PAGES), ``common.py`` the
read-only warehouse access, filters and formats, ``screenshots.py`` serves the app and
captures every page in a real browser (``make screenshots``).
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# page slug (its URL path) -> title, in navigation order; the first is the default
PAGES = {
    "funnel": "Funnel",
    "activity": "Activity",
    "performance": "Performance",
    "goals": "Goals",
    "forecast": "Forecast",
    "work": "My work",
}
