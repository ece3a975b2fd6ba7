"""Demo raw-data generator for the sales warehouse (SPEC §2).

Writes every raw table of the contract (one Parquet or CSV file per table, plus
``_loaded_at``) and ``_manifest.json`` describing what was injected where::

    python -m sales_warehouse.generator --scale 1 --seed 42 --format parquet --out data/raw

or in-process::

    from sales_warehouse.generator import generate
    manifest = generate("data/raw", scale=0.2, seed=42, fmt="csv",
                        loaded_at="2026-11-01T00:00:00")

Modules: ``config`` (vocabularies, volumes and the rates of every injected problem, with
the rates table in its docstring), ``timeutil`` (calendar, time zones, RNG), ``table``
(columnar table, Parquet/CSV writer), ``people`` (names, e-mails, phones, id formats),
``org`` (teams, users, products), ``crm`` (accounts, contacts, leads, opportunities and
their histories, line items), ``activity`` (calls, SMS, e-mails and events, meetings, web
sessions, NPS), ``goals`` (sales goals), ``problems`` (loader lag and SPEC §2 rules 1-7),
``core`` (orchestration, manifest).
"""

from .config import GENERATOR_VERSION, RATES
from .core import TABLES, generate

__all__ = ["GENERATOR_VERSION", "RATES", "TABLES", "generate"]
