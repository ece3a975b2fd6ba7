"""Typed raw columns take a shortcut in staging (parse_value: a Parquet timestamp,
integer or decimal is cast, not printed as text and parsed back). The shortcut must never change a
value or a quarantine decision: the same generated data delivered as CSV (every column
text) must stage to exactly the same rows as the Parquet delivery of the suite's
warehouse."""

from __future__ import annotations

import duckdb
from conftest import LOADED_AT, TEST_SCALE, TEST_SEED, dbt

# The event-scale models, whose raw files mix typed and text columns.
BASE_MODELS = [
    "base_telephony__calls",
    "base_telephony__sms",
    "base_email__messages",
    "base_email__events",
    "base_web__sessions",
    "base_crm__meetings",
    "base_crm__opportunities",
    "base_crm__opportunity_line_items",
    "base_goals__sales_goals",
    "base_nps__responses",
]


def _compiled(target_path, model: str) -> str:
    """The model's own compiled SQL (a unit test compiles a file of the same name for
    each of its inputs, in a folder named after the test's yml)."""
    [path] = [
        path
        for path in (target_path / "compiled").rglob(f"{model}.sql")
        if not any(part.endswith(".yml") for part in path.parts)
    ]
    return path.read_text()


def test_csv_and_parquet_deliveries_stage_identically(demo_warehouse, tmp_path):
    from sales_warehouse.generator import generate

    raw_dir = tmp_path / "raw"
    generate(raw_dir, scale=TEST_SCALE, seed=TEST_SEED, fmt="csv", loaded_at=LOADED_AT)
    csv_db = tmp_path / "warehouse.duckdb"
    # build, not run: the synonyms seed that staging reads is loaded first
    run = dbt(
        [
            "build",
            "--select",
            "+" + " +".join(BASE_MODELS),
            "--exclude-resource-type",
            "test",
            "unit_test",
        ],
        raw_dir=raw_dir,
        db_path=csv_db,
        raw_format="csv",
        work_dir=tmp_path,
    )
    assert run.returncode == 0, run.output[-3000:]

    # Both paths really ran: Parquet's typed columns skip the text round trip, CSV's
    # text columns take it.
    parquet_sql = _compiled(demo_warehouse.build.target_path, "base_telephony__calls")
    csv_sql = _compiled(run.target_path, "base_telephony__calls")
    assert "try_cast(answered_at as timestamp)" in parquet_sql
    assert "cast(answered_at as TEXT)" not in parquet_sql
    assert "cast(answered_at as TEXT)" in csv_sql
    # A Parquet decimal(18,2) fits numeric(28,6): cast, not parsed from its text.
    parquet_sql = _compiled(
        demo_warehouse.build.target_path, "base_crm__opportunity_line_items"
    )
    csv_sql = _compiled(run.target_path, "base_crm__opportunity_line_items")
    assert "try_cast(unit_price as numeric(28,6))" in parquet_sql
    assert "cast(unit_price as TEXT)" not in parquet_sql
    assert "cast(unit_price as TEXT)" in csv_sql

    with duckdb.connect() as con:
        con.execute(f"attach '{demo_warehouse.db_path}' as parquet_build (read_only)")
        con.execute(f"attach '{csv_db}' as csv_build (read_only)")
        for model in BASE_MODELS:
            columns = ", ".join(
                f'"{name}"'
                for (name,) in con.execute(
                    "select column_name from duckdb_columns() where database_name = "
                    "'parquet_build' and schema_name = 'staging' and table_name = ? "
                    "order by column_index",
                    [model],
                ).fetchall()
            )
            counts = con.execute(f"""
                select
                    (select count(*) from parquet_build.staging.{model}),
                    (select count(*) from (
                        select {columns} from parquet_build.staging.{model}
                        except all
                        select {columns} from csv_build.staging.{model})),
                    (select count(*) from (
                        select {columns} from csv_build.staging.{model}
                        except all
                        select {columns} from parquet_build.staging.{model}))
            """).fetchone()
            assert counts[0] > 0, model
            assert counts[1:] == (0, 0), (model, counts)
