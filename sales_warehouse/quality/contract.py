"""The raw data contract (SPEC §2) as the quality checks read it.

The tables, their columns and logical types, keys and key null shares, and which tables
must hold rows come from the dbt source YAML files through
`sales_warehouse.raw_contract`, the same declaration the dbt raw-contract hook
(``macros/raw/register_raw_sources.sql``) checks. Only what the checks add lives here:
which logical types are checked for parseability, as regular expressions, and the CSV
dialect (shared with the hook).
"""

from __future__ import annotations

import os

from ..raw_contract import LOADED_AT, RawTable, load_contract

__all__ = [
    "LOADED_AT",
    "PARSEABLE",
    "RawTable",
    "csv_options",
    "disabled_sources",
    "load_contract",
    "typed_columns",
]

# What staging's parser (DuckDB try_cast, see macros/staging/parse_*.sql) accepts, as
# regular expressions GX can show in Data Docs: ISO-8601 dates and timestamps, with an
# optional UTC offset; plain decimals.
PARSEABLE = {
    "timestamp": (
        r"^\s*\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?"
        r"\s*(Z|UTC|[+-]\d{2}(:?\d{2})?)?\s*$"
    ),
    "date": r"^\s*\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*$",
    "decimal": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$",
}


def typed_columns(table: RawTable) -> dict[str, str]:
    """The columns checked for parseability: every timestamp, date and decimal column of
    the contract, and `_loaded_at`. A share of unparseable values above the tolerance
    means a broken export (another timestamp format, text in an amount), not a few bad
    rows for the quarantine."""
    typed = {
        column: data_type
        for column, data_type in table.types.items()
        if data_type in PARSEABLE
    }
    return {**typed, table.load_column: "timestamp"}


# The CSV dialect of a raw delivery: RFC 4180 (comma-separated, fields with commas,
# quotes or newlines double-quoted, quotes doubled), a header row, every column read as
# text. The dbt hook uses the same options; RAW_CSV_ENCODING (default utf-8; DuckDB also
# reads utf-16 and latin-1) names the file encoding.
def csv_options() -> str:
    encoding = os.environ.get("RAW_CSV_ENCODING", "utf-8").strip().lower() or "utf-8"
    return (
        "header = true, all_varchar = true, delim = ',', quote = '\"', "
        f"escape = '\"', encoding = '{encoding}'"
    )


def disabled_sources(contract: dict[str, RawTable]) -> set[str]:
    """The source systems switched off by RAW_SOURCES_DISABLED (comma-separated source
    names), as the dbt hook reads it; their tables may be absent (SPEC §6)."""
    names = {
        n.strip().lower()
        for n in os.environ.get("RAW_SOURCES_DISABLED", "").split(",")
        if n.strip()
    }
    known = sorted({table.source for table in contract.values()})
    unknown = sorted(names - set(known))
    if unknown:
        raise ValueError(
            f"RAW_SOURCES_DISABLED names '{unknown[0]}', which is not a "
            f"source system (rule: one of {', '.join(known)})"
        )
    return names
