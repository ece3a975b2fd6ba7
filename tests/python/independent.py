"""Independent recomputation straight from the raw files, for end-to-end checks: plain
DuckDB SQL over the Parquet files, written without the models' code. Shares only the
SPEC's rules (latest version wins, soft deletes out, the generator's own list of bad rows
out). The raw tables (keys, versions, soft deletes) are the contract's, the dbt source
YAML, and their files are found by the contract's rule."""

from __future__ import annotations

import duckdb

from sales_warehouse.raw_contract import find_raw_files, load_contract


def raw_connection(warehouse) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with one `<table>_latest` view per raw table: the winning, live
    version of every record that the generator did not break on purpose."""
    con = duckdb.connect()
    bad = [
        (r["table"], r["key"], r["loaded_at"])
        for r in warehouse.manifest["injected"]["bad_rows"]
        if r["key"] is not None
    ]
    con.execute("create table bad_rows (tbl varchar, key varchar, loaded_at timestamp)")
    if bad:
        con.executemany("insert into bad_rows values (?, ?, ?)", bad)
    for table, contract in load_contract().items():
        key = contract.key
        order = (
            "updated_at desc nulls last, _loaded_at desc"
            if contract.versioned
            else "_loaded_at desc"
        )
        live = "and not coalesce(is_deleted, false)" if contract.soft_deletes else ""
        files = find_raw_files(warehouse.raw_dir, table, "parquet")
        con.execute(f"""
            create view {table}_latest as
            with raw_rows as (
                select * from read_parquet('{files.pattern}', union_by_name = true)
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
