"""Data quality checks around the dbt build (Great Expectations 1.x, pandas frames).

    python -m sales_warehouse.quality raw      # before dbt build: the raw delivery
    python -m sales_warehouse.quality marts    # after dbt build: the public marts
    python -m sales_warehouse.quality all      # both (make validate)

Modules: ``contract`` (what the checks add to ``sales_warehouse.raw_contract``),
``engine`` (GX context, checkpoints, Data Docs, findings), ``raw`` (raw landing check),
``marts`` (mart suites: ranges, distributions, row-count change, day coverage,
monotonic cumulative columns). Data Docs go to ``build/data_docs/index.html``.
"""

from .engine import Finding, Report
from .marts import validate_marts
from .raw import validate_raw

__all__ = ["Finding", "Report", "validate_marts", "validate_raw"]
