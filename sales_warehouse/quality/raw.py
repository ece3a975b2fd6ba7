"""Raw landing check: validates a raw delivery against the raw contract before dbt runs.

For every raw table of the contract (``sales_warehouse.raw_contract``, read from the dbt
source YAML files):

* the table is delivered (``<table>.<ext>`` or a folder ``<table>/`` of ``.<ext>`` files,
  found by ``raw_contract.find_raw_files`` as the dbt hook finds them, or a table in the
  raw schema for RAW_DATA_FORMAT=schema);
* a CSV file is readable: UTF-8 (or RAW_CSV_ENCODING), RFC 4180, every line with as many
  fields as the header (DuckDB's reject scan names file, line and column);
* then a GX suite ``raw.<table>`` on a sample (at most `sample_rows` rows, default
  10,000, all columns as text, names in lower case as dbt compares them) with parameters
  from the full row count:

  ========================  =====================================================  ========
  rule                      expectation                                            severity
  ========================  =====================================================  ========
  row_count_positive        a required table (crm_users, crm_accounts,             error
                            crm_opportunities) has at least one row; any other
                            table may be empty (SPEC §6)
  table_emptied             a table that held rows in the last validated delivery  error
                            from the same location arrives empty (broken export)
  required_columns          every column of the source YAML and `_loaded_at`       error
  key_null_rate             key null share <= the source test's max_share (or at   error
                            most its allowed_rows)
  parseable_<type>          timestamp/date/decimal columns (the source YAML's      error
                            data_type) and `_loaded_at` parse (ISO-8601, plain
                            decimals) for >= 99 % of rows
  amount_not_negative       amounts are not negative for >= 99 % of rows           error
  closed_deal_close_date... a closed deal's close_date is not after the delivery   error
                            (`_loaded_at` + 1 day) for >= 99 % of deals; any
                            such deal is a warning
  key_mostly_unique         >= 80 % of the rows are distinct versions (key and     warning
                            `updated_at`, over the whole table): else loaded twice?
  ========================  =====================================================  ========

A source system switched off by RAW_SOURCES_DISABLED is not checked (its tables may be
absent). A few bad rows stay within the tolerance: staging quarantines them (SPEC §2 rule 7) and
the audit counts them. Shares below `ALLOWED_ROWS` rows always pass, as in the dbt source
test `null_share_at_most`, so that tiny tables are not stopped by one bad row.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..raw_contract import (
    LOADED_AT,
    VERSION_COLUMN,
    RawTable,
    delivery_tables,
    find_raw_files,
    load_contract,
    raw_source_system,
    system_schema,
)
from .contract import PARSEABLE, csv_options, disabled_sources, typed_columns
from .engine import Batch, Finding, Report, Validator, meta

TOLERANCE = 0.01  # share of bad values that is a few bad rows, not a broken export
ALLOWED_ROWS = 5  # bad rows that always pass (tiny tables)
MIN_DISTINCT_KEYS = 0.8
SAMPLE_ROWS = 10_000
ROW_COUNT_FILE = "raw_row_counts.json"

# Checks across columns, computed in DuckDB on the sample: name -> (columns, expression).
DERIVED = {
    "crm_opportunities": {
        "close_date_days_after_load": (
            ("is_closed", "close_date", LOADED_AT),
            "case when try_cast(trim(cast(is_closed as varchar)) as boolean) then "
            "cast(date_diff('day', cast(timezone('UTC', try_cast(trim(cast(_loaded_at "
            "as varchar)) as timestamptz)) as date), try_cast(trim(cast(close_date as "
            "varchar)) as date)) as double) end",
        ),
    },
}


@dataclass
class Delivery:
    raw_dir: Path | None
    raw_format: str
    duckdb_path: Path | None = None
    raw_schema: str = "raw"


def _sql_path(path: str | Path) -> str:
    return str(path).replace("'", "''")


def _share_mostly(
    share: float, total_rows: int, allowed_rows: int = ALLOWED_ROWS
) -> float:
    """GX `mostly`: at most `share` of the rows, or `allowed_rows` rows, may fail."""
    allowed = max(share, allowed_rows / total_rows if total_rows else 1.0)
    return max(0.0, 1.0 - allowed)


def raw_expectations(table: RawTable, present: set[str], total_rows: int) -> list:
    """The suite `raw.<table>`; column checks only for delivered columns (a missing
    one is reported by `required_columns`)."""
    import great_expectations.expectations as gxe

    tolerance = _share_mostly(TOLERANCE, total_rows)
    expectations = [
        gxe.ExpectTableColumnsToMatchSet(
            column_set=list(table.required_columns),
            exact_match=False,
            meta=meta("required_columns", None, "required column is missing"),
        ),
    ]
    if table.required:
        expectations.insert(
            0,
            gxe.ExpectTableRowCountToBeBetween(
                min_value=1,
                meta=meta(
                    "row_count_positive",
                    None,
                    "the table has no rows, and it must hold rows",
                ),
            ),
        )
    if total_rows == 0:  # nothing else to say about an empty table
        return expectations
    if table.key in present and table.key_null_share:
        share, allowed = table.key_null_share
        expectations.append(
            gxe.ExpectColumnValuesToNotBeNull(
                column=table.key,
                mostly=_share_mostly(share, total_rows, allowed),
                meta=meta("key_null_rate", table.key, "are null keys"),
            )
        )
    for column, data_type in typed_columns(table).items():
        if column not in present:
            continue
        expectations.append(
            gxe.ExpectColumnValuesToMatchRegex(
                column=column,
                regex=PARSEABLE[data_type],
                mostly=tolerance,
                meta=meta(
                    f"parseable_{data_type}",
                    column,
                    f"are not parseable as {data_type} "
                    + (
                        "(ISO-8601, UTC or with an offset)"
                        if data_type != "decimal"
                        else "(plain number, '.' as decimal point)"
                    ),
                ),
            )
        )
        if data_type == "decimal":
            expectations.append(
                gxe.ExpectColumnValuesToNotMatchRegex(
                    column=column,
                    regex=r"^\s*-\s*\d",
                    mostly=tolerance,
                    meta=meta("amount_not_negative", column, "are negative amounts"),
                )
            )
    derived = {
        name
        for name, (needs, _) in DERIVED.get(table.name, {}).items()
        if set(needs) <= present
    }
    if "close_date_days_after_load" in derived:
        rule, describe = (
            "closed_deal_close_date_not_after_load",
            "are closed deals whose close date lies after the delivery (_loaded_at)",
        )
        unit = "days after the delivery"
        expectations += [
            gxe.ExpectColumnValuesToBeBetween(
                column="close_date_days_after_load",
                max_value=1,
                mostly=tolerance,
                meta=meta(rule, "close_date", describe, example_unit=unit),
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="close_date_days_after_load",
                max_value=1,
                severity="warning",
                meta=meta(rule, "close_date", describe, example_unit=unit),
            ),
        ]
    return expectations


class RawReader:
    """Reads raw tables the way the dbt hook does, with DuckDB."""

    def __init__(self, delivery: Delivery):
        self.delivery = delivery
        if delivery.raw_format == "schema":
            path = delivery.duckdb_path
            if not path or not Path(path).exists():
                raise FileNotFoundError(
                    f"RAW_DATA_FORMAT=schema reads the raw schema of DUCKDB_PATH, but the "
                    f"warehouse file {path} does not exist"
                )
            self.con = duckdb.connect(str(path), read_only=True)
        else:
            self.con = duckdb.connect()
        self.con.execute("set preserve_insertion_order = false")

    def close(self) -> None:
        self.con.close()

    def exists(self, table: RawTable) -> bool:
        return self.relation(table)[0] is not None

    def relation(self, table: RawTable | str) -> tuple[str | None, list[Path]]:
        d = self.delivery
        name = table if isinstance(table, str) else table.name
        if d.raw_format == "schema":
            schema = d.raw_schema
            if not isinstance(table, str) and table.name not in load_contract():
                schema = system_schema(table.source)
            found = self.con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = ? and table_name = ?",
                [schema, name],
            ).fetchone()[0]
            return (f'"{schema}"."{name}"' if found else None), []
        table = name
        located = find_raw_files(d.raw_dir, table, d.raw_format)
        if not located:
            return None, []
        location, files = located.pattern, list(located.files)
        if d.raw_format == "parquet":
            return f"read_parquet('{_sql_path(location)}', union_by_name = true)", files
        return (
            f"read_csv('{_sql_path(location)}', {csv_options()}, union_by_name = true)"
        ), files

    def csv_problems(self, table: str, files: list[Path]) -> list[Finding]:
        """DuckDB's reject scan over every file: encoding and malformed lines."""
        for file in files:
            self.con.execute(
                f"select count(*) from read_csv('{_sql_path(file)}', {csv_options()}, "
                "store_rejects = true, rejects_table = 'raw_csv_reject_errors', "
                "rejects_scan = 'raw_csv_reject_scans') as csv_rows "
                # a test on the whole row makes DuckDB decode every field
                "where csv_rows is not null"
            ).fetchall()
        try:
            rows = self.con.execute(
                "select scans.file_path, errors.line, errors.column_name, "
                "errors.error_type, errors.error_message "
                "from raw_csv_reject_errors as errors "
                "inner join raw_csv_reject_scans as scans "
                "on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id "
                "order by 1, 2"
            ).fetchall()
            self.con.execute("drop table raw_csv_reject_errors")
            self.con.execute("drop table raw_csv_reject_scans")
        except duckdb.CatalogException:
            return []
        return csv_findings(table, rows)


def csv_findings(table: str, rows: list[tuple]) -> list[Finding]:
    findings, by_file = [], {}
    for file_path, line, column, error_type, message in rows:
        by_file.setdefault(file_path, []).append((line, column, error_type, message))
    for file_path, errors in by_file.items():
        line, column, error_type, message = errors[0]
        encoding = error_type == "INVALID ENCODING"
        rule = "csv_encoding" if encoding else "csv_format"
        text = (
            f"file {file_path}, line {line}: {error_type.lower()}: "
            f"{str(message).splitlines()[0].rstrip('.')}"
        )
        if len(errors) > 1:
            text += f" (and {len(errors) - 1} more lines)"
        text += (
            "; re-export the file as UTF-8 or set RAW_CSV_ENCODING (utf-16, latin-1)"
            if encoding
            else "; a raw CSV is comma-separated with one header row, fields with commas, "
            "quotes or line breaks in double quotes"
        )
        findings.append(Finding("raw", table, column, rule, text))
    return findings


def validate_raw(
    raw_dir: Path | str | None,
    raw_format: str = "parquet",
    *,
    duckdb_path: Path | str | None = None,
    raw_schema: str = "raw",
    build_dir: Path | str | None = "build",
    docs: bool = True,
    sample_rows: int = SAMPLE_ROWS,
    project_dir: Path | None = None,
    tables: list[str] | None = None,
) -> Report:
    """Validate a raw delivery; `report.ok` is false when it must not be built.
    `tables` restricts the check to some tables of the contract (tests). The row count
    of every table is kept under `build_dir` after a check that passes, per delivery
    location, so that a table which held rows and arrives empty stops the next one."""
    raw_format = raw_format.strip().lower()
    if raw_format not in ("parquet", "csv", "schema"):
        raise ValueError(
            f"RAW_DATA_FORMAT='{raw_format}' is not supported "
            "(rule: one of parquet, csv, schema)"
        )
    system = raw_source_system(project_dir)
    contract, may_be_absent = delivery_tables(system, project_dir)
    disabled = disabled_sources(load_contract(project_dir))
    delivery = Delivery(
        Path(raw_dir) if raw_dir else None,
        raw_format,
        Path(duckdb_path) if duckdb_path else None,
        raw_schema,
    )
    validator = Validator("raw", Path(build_dir) if build_dir else None, docs)
    if raw_format != "schema" and not (delivery.raw_dir and delivery.raw_dir.is_dir()):
        validator.notice(
            f"RAW_DATA_DIR {delivery.raw_dir} is not a folder: every table "
            "is missing (generate the demo data with `make data`)"
        )
    if disabled:
        validator.notice(
            "source systems switched off (RAW_SOURCES_DISABLED), not "
            f"checked: {', '.join(sorted(disabled))}"
        )
    location = _location_key(delivery)
    previous = _load_row_counts(validator.build_dir, location)
    counts: dict[str, int] = {}
    reader = RawReader(delivery)
    try:
        for table in contract.values():
            if tables is not None and table.name not in tables:
                continue
            if table.source in disabled:
                continue
            if table.name in may_be_absent and not reader.exists(table):
                validator.notice(
                    f"raw table {table.name} was not delivered: read as empty "
                    f"(RAW_SOURCE_SYSTEM={system})"
                )
                continue
            rows = _validate_table(validator, reader, table, sample_rows)
            if rows is None:
                continue
            counts[table.name] = rows
            if rows == 0 and previous.get(table.name):
                validator.add(
                    Finding(
                        "raw",
                        table.name,
                        None,
                        "table_emptied",
                        f"the table arrived empty, but the last validated delivery from "
                        f"{location} held {previous[table.name]:,} rows: a broken export? "
                        f"Re-export it, or switch its source off (RAW_SOURCES_DISABLED) and "
                        f"remove {validator.build_dir / ROW_COUNT_FILE} if the company no "
                        f"longer has it",
                    )
                )
    finally:
        reader.close()
    report = validator.finish()
    if report.ok and validator.build_dir is not None and tables is None:
        _save_row_counts(validator.build_dir, location, counts)
    return report


def _location_key(delivery: Delivery) -> str:
    if delivery.raw_format == "schema":
        return f"schema {delivery.raw_schema} of {Path(delivery.duckdb_path).resolve()}"
    return f"{Path(delivery.raw_dir).resolve()} ({delivery.raw_format})"


def _load_row_counts(build_dir: Path | None, location: str) -> dict[str, int]:
    path = build_dir / ROW_COUNT_FILE if build_dir else None
    if not path or not path.exists():
        return {}
    state = json.loads(path.read_text())
    return state.get("deliveries", {}).get(location, {}).get("row_counts", {})


def _save_row_counts(build_dir: Path, location: str, counts: dict[str, int]) -> None:
    path = build_dir / ROW_COUNT_FILE
    state = json.loads(path.read_text()) if path.exists() else {}
    state.setdefault("deliveries", {})[location] = {
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "row_counts": dict(sorted(counts.items())),
    }
    build_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2) + "\n")


def _validate_table(
    validator: Validator, reader: RawReader, table: RawTable, sample_rows: int
) -> int | None:
    """Check one table; returns its row count (None when it could not be read)."""
    d = reader.delivery
    relation, files = reader.relation(table)
    if relation is None:
        where = (
            f"schema {d.raw_schema} of {d.duckdb_path}"
            if d.raw_format == "schema"
            else f"no file {d.raw_dir}/{table.name}.{d.raw_format} and no "
            f".{d.raw_format} files under {d.raw_dir}/{table.name}/"
        )
        validator.add(
            Finding(
                "raw",
                table.name,
                None,
                "table_present",
                f"the table is missing: {where} (deliver it, possibly "
                f"empty, or switch its source '{table.source}' off in "
                f"RAW_SOURCES_DISABLED)",
            )
        )
        return None
    if d.raw_format == "csv":
        problems = reader.csv_problems(table.name, files)
        if problems:
            validator.report.findings += problems
            return None
    try:
        total_rows = reader.con.execute(f"select count(*) from {relation}").fetchall()[
            0
        ][0]
        frame = _sample(reader, table, relation, sample_rows)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        validator.add(
            Finding(
                "raw",
                table.name,
                None,
                "readable_file",
                f"cannot be read: {first_line}",
            )
        )
        return None
    present = set(frame.columns)
    if total_rows == 0 and not present & set(table.required_columns):
        # a zero-byte file: no header, no rows; read as the empty contract table
        if table.required:
            validator.add(
                Finding(
                    "raw",
                    table.name,
                    None,
                    "row_count_positive",
                    "the table is empty (no header, no rows), and it must hold rows",
                )
            )
        return 0
    validator.run(
        Batch(
            f"raw.{table.name}",
            table.name,
            frame,
            raw_expectations(table, present, total_rows),
            sampled_from=total_rows,
        )
    )
    _check_versions_distinct(validator, reader, table, relation, present, total_rows)
    return total_rows


def _check_versions_distinct(
    validator: Validator,
    reader: RawReader,
    table: RawTable,
    relation: str,
    present: set[str],
    total_rows: int,
) -> None:
    """A delivery loaded twice repeats whole versions: the same key with the same
    `updated_at` (tables without versions: the same key). Ordinary history (a meeting
    booked, then its outcome) adds versions with a new `updated_at`. Counted over the
    whole table, not the sample, where the two copies of a row rarely meet."""
    key = table.key
    if key not in present or total_rows == 0:
        return
    version = [VERSION_COLUMN] if VERSION_COLUMN in present else []
    columns = ", ".join(f"cast({c} as varchar)" for c in [key, *version])
    distinct = reader.con.execute(
        f"select count(*) from (select distinct {columns} from {relation} "
        f"where {key} is not null) as versions"
    ).fetchall()[0][0]
    keyed = reader.con.execute(
        f"select count(*) from {relation} where {key} is not null"
    ).fetchall()[0][0]
    share = distinct / keyed if keyed else 1.0
    if share < MIN_DISTINCT_KEYS:
        what = f"({key}, {VERSION_COLUMN})" if version else key
        validator.add(
            Finding(
                "raw",
                table.name,
                key,
                "key_mostly_unique",
                f"share of distinct key values {what}: observed {share:.4f}, expected at "
                f"least {MIN_DISTINCT_KEYS} (was the delivery loaded twice? staging keeps "
                f"the latest version of each record)",
                "warning",
            )
        )


def _sample(reader: RawReader, table: RawTable, relation: str, sample_rows: int):
    columns = [
        c
        for (c,) in reader.con.execute(
            f"select column_name from (describe select * from {relation})"
        ).fetchall()
    ]
    derived = [
        f"{expression} as {name}"
        for name, (needs, expression) in DERIVED.get(table.name, {}).items()
        if set(needs) <= set(columns)
    ]
    select = ", ".join(["cast(columns(*) as varchar)", *derived])
    frame = reader.con.execute(
        f"with sampled as (select * from {relation} "
        f"using sample reservoir({int(sample_rows)} rows) repeatable (42)) "
        f"select {select} from sampled"
    ).df()
    frame.columns = [str(c).lower() for c in frame.columns]
    return frame
