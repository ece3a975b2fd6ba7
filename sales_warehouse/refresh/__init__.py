"""Safe refresh of the warehouse (``make refresh``, the job a scheduler runs).

    python -m sales_warehouse.refresh              # build, check, swap
    python -m sales_warehouse.refresh --rollback   # swap the previous warehouse back

The live warehouse (``DUCKDB_PATH``) is never written to. A refresh

1. checks the raw delivery with the GX raw suites (``sales_warehouse.quality raw``,
   skipped with a notice when that package is not installed);
2. builds a NEW warehouse file with ``dbt build`` (models, unit tests, data tests) in a
   staging folder next to the live file, ``.<name>.refresh/<name>.duckdb``: same
   filesystem, and the same file name, because DuckDB names the database after the file
   and the project's views refer to their relations as ``<database>.<schema>.<name>``;
3. runs the GX mart suites on the new file (``sales_warehouse.quality marts``);
4. only when everything passed, swaps it into place atomically: the live file is first
   hard-linked to ``<name>.previous.duckdb`` (kept for rollback), then the new file is
   renamed over the live one with ``os.replace`` (one ``rename(2)``). A reader that
   opens the warehouse sees either the old file or the new one, whole; a reader that
   has it open keeps reading the old one until it reconnects.

A failed step leaves the live warehouse untouched, removes the half-built file and
says which step failed and why (the failing dbt nodes with their messages, the raw
contract violation, the failed expectation suites). Readers (the dashboard, the
semantic layer test) open a read-only DuckDB connection per query, so they never hold
the live file across a swap and never lock out the refresh.
"""

from .core import RefreshError, RefreshResult, refresh, rollback

__all__ = ["RefreshError", "RefreshResult", "refresh", "rollback"]
