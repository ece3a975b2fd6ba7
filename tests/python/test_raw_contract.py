"""The raw data contract (SPEC §2) on small hand-made deliveries: where the data come
from is configuration only, and a broken delivery stops with a message that names the
table, the column and the rule."""

from __future__ import annotations

import copy

import duckdb
from conftest import build_warehouse, dbt
from raw_fixtures import TABLES, write_delivery

# How raw files are read is decided by the raw hook and the staging layer: building it
# alone proves it, without the rest of the project.
STAGING = "+path:models/staging"


def broken_build(tmp_path, tables, raw_format="csv"):
    raw_dir = write_delivery(tmp_path / "raw", tables, fmt=raw_format)
    return dbt(
        ["build"],
        raw_dir=raw_dir,
        db_path=tmp_path / "wh.duckdb",
        raw_format=raw_format,
        work_dir=tmp_path,
    )


def test_missing_required_column_names_table_column_and_rule(tmp_path):
    tables = copy.deepcopy(TABLES)
    for row in tables["crm_opportunities"]:
        row["amount_usd"] = row.pop("amount")  # a renamed column
    run = broken_build(tmp_path, tables)
    assert run.returncode != 0
    assert (
        "raw table crm_opportunities, column amount: required column is missing"
        in run.output
    )
    assert "rule: raw contract" in run.output


def test_missing_table_names_the_table_and_where_it_was_looked_for(tmp_path):
    tables = copy.deepcopy(TABLES)
    del tables["telephony_sms"]
    run = broken_build(tmp_path, tables)
    assert run.returncode != 0
    assert "Raw table telephony_sms is missing" in run.output
    assert "rule: every raw table of the contract must be delivered" in run.output


def test_extra_columns_and_column_order_are_ignored(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["crm_accounts"] = [
        {"loader_batch": "b1", **dict(reversed(list(row.items())))}
        for row in tables["crm_accounts"]
    ]
    warehouse = build_warehouse(
        tmp_path, write_delivery(tmp_path / "raw", tables), "csv", select=STAGING
    )
    assert warehouse.query("select account_id from staging.stg_crm__accounts") == [
        ("acc_00001",)
    ]


def test_a_folder_of_partitions_is_read_as_one_table(tmp_path):
    raw_dir = write_delivery(tmp_path / "raw", fmt="parquet")
    calls = raw_dir / "telephony_calls.parquet"
    folder = raw_dir / "telephony_calls"
    folder.mkdir()
    calls.rename(folder / "day=2024-02-03.parquet")
    second = copy.deepcopy(TABLES["telephony_calls"])
    second[0]["call_id"] = "call_2"
    write_delivery(tmp_path / "second", {"telephony_calls": second}, fmt="parquet")
    (tmp_path / "second" / "telephony_calls.parquet").rename(
        folder / "day=2024-02-04.parquet"
    )
    warehouse = build_warehouse(tmp_path, raw_dir, "parquet", select=STAGING)
    assert warehouse.query(
        "select call_id from staging.stg_telephony__calls order by 1"
    ) == [("call_1",), ("call_2",)]


def test_an_existing_raw_schema_is_read_without_files(tmp_path):
    raw_dir = write_delivery(tmp_path / "raw", fmt="csv")
    db_path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db_path)) as con:
        con.execute("create schema raw")
        for table in TABLES:
            con.execute(
                f"create table raw.{table} as select * from read_csv("
                f"'{raw_dir / table}.csv', header = true)"
            )
    run = dbt(
        ["build", "--select", STAGING, "--indirect-selection", "cautious"],
        raw_dir=tmp_path / "nowhere",
        db_path=db_path,
        raw_format="schema",
        work_dir=tmp_path,
    )
    assert run.returncode == 0, run.output[-4000:]
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute(
            "select count(*) from staging.stg_crm__opportunities"
        ).fetchone() == (1,)


def test_unknown_raw_format_is_refused(tmp_path):
    raw_dir = write_delivery(tmp_path / "raw")
    run = dbt(
        ["build"],
        raw_dir=raw_dir,
        db_path=tmp_path / "wh.duckdb",
        raw_format="xlsx",
        work_dir=tmp_path,
    )
    assert run.returncode != 0
    assert "RAW_DATA_FORMAT='xlsx' is not supported" in run.output
