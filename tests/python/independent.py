"""Independent recomputation straight from the raw files, for end-to-end checks: plain
DuckDB SQL over the Parquet files, written without the models' code. Shares only the
SPEC's rules (latest version wins, soft deletes out, the generator's own list of bad rows
out)."""

from __future__ import annotations

import duckdb


def raw_connection(warehouse) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with one `<table>_latest` view per raw table: the winning, live
    version of every record that the generator did not break on purpose."""
    con = duckdb.connect()
    bad = [(r["table"], r["key"], r["loaded_at"])
           for r in warehouse.manifest["injected"]["bad_rows"] if r["key"] is not None]
    con.execute("create table bad_rows (tbl varchar, key varchar, loaded_at timestamp)")
    if bad:
        con.executemany("insert into bad_rows values (?, ?, ?)", bad)
    from test_staging_e2e import RAW_TABLES  # the raw keys, from the test registry

    for table, (key, _, _, versioned, deletable) in RAW_TABLES.items():
        order = "updated_at desc nulls last, _loaded_at desc" if versioned \
            else "_loaded_at desc"
        live = "and not coalesce(is_deleted, false)" if deletable else ""
        con.execute(f"""
            create view {table}_latest as
            with raw_rows as (
                select * from read_parquet('{warehouse.raw_dir / table}.parquet')
            ),
            valid as (
                select raw_rows.*
                from raw_rows
                left join bad_rows
                    on bad_rows.tbl = '{table}'
                    and bad_rows.key = raw_rows.{key}
                    and bad_rows.loaded_at = raw_rows._loaded_at
                where raw_rows.{key} is not null and bad_rows.key is null
            ),
            ranked as (
                select *, row_number() over (partition by {key} order by {order}) as rn
                from valid
            )
            select * exclude (rn) from ranked where rn = 1 {live}
        """)
    return con
