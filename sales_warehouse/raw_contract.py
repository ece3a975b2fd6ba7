"""The raw data contract (SPEC §2) for the Python side, read from its one declaration:
the dbt source YAML files ``models/staging/<source>/_<source>__sources.yml``.

Per raw table the YAML declares (dbt reads the same files; the dbt side reads them from
its graph, ``macros/staging/raw_table_registry.sql`` and
``macros/raw/register_raw_sources.sql``):

* the source system and the table (``identifier``, else ``name``), which names the file
  ``<table>.<ext>`` or the folder ``<table>/`` of a delivery (`find_raw_files`);
* its columns in delivery order, each with its logical type (``data_type``: string, int,
  decimal, bool, timestamp, date); ``_loaded_at timestamp`` is implied for every table;
  a column with ``meta: {optional: true}`` may be left out of a delivery (the record
  links of calls, SMS and emails, SPEC §7);
* ``meta: key``: the record key (versions and soft deletes are per key), and
  ``meta: staging_key`` when staging renames it (``user_id`` is ``rep_id`` in
  ``stg_crm__users``); ``meta: required: true``: the table must hold rows (SPEC §6);
* the null share its key may have: the ``null_share_at_most`` test on the key column.

What follows from it: a table has versions when it has an ``updated_at`` column and soft
deletes when it has ``is_deleted``; it is staged by ``base_<source>__<entity>`` and
``stg_<source>__<entity>``, the entity being the table name without its ``<source>_``
prefix. Only PyYAML is needed, so every part of the package (generator, quality checks,
tests) imports this module. tests/python/test_raw_registry.py proves that dbt's parsed
manifest says the same.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SOURCE_YAML = "models/staging/*/_*__sources.yml"
LOADED_AT = "_loaded_at"
LOGICAL_TYPES = ("string", "int", "decimal", "bool", "timestamp", "date")
VERSION_COLUMN = "updated_at"
SOFT_DELETE_COLUMN = "is_deleted"
# The default of the `allowed_rows` argument of tests/generic/null_share_at_most.sql.
NULL_SHARE_ALLOWED_ROWS = 5


@dataclass(frozen=True)
class RawTable:
    """One raw table of the contract, as its source YAML declares it."""

    name: str
    source: str
    columns: tuple[str, ...]
    types: dict[str, str]
    key: str
    staging_key: str
    required: bool
    # (max share, rows always allowed) of the key's `null_share_at_most` test, if any
    key_null_share: tuple[float, int] | None
    yaml_path: Path
    optional: frozenset[str] = frozenset()
    # the load-time column: `_loaded_at`, or the source's meta load_column (Fivetran's
    # `_fivetran_synced` for a source system's own tables, SPEC §7)
    load_column: str = LOADED_AT

    @property
    def versioned(self) -> bool:
        return VERSION_COLUMN in self.columns

    @property
    def soft_deletes(self) -> bool:
        return SOFT_DELETE_COLUMN in self.columns

    @property
    def delivered_columns(self) -> tuple[str, ...]:
        """The columns every delivery has (all but the optional ones), in order."""
        return tuple(c for c in self.columns if c not in self.optional)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return (*self.delivered_columns, self.load_column)

    @property
    def entity(self) -> str:
        return self.name.removeprefix(f"{self.source}_")

    @property
    def base_model(self) -> str:
        return f"base_{self.source}__{self.entity}"

    @property
    def staging_model(self) -> str:
        return f"stg_{self.source}__{self.entity}"


def project_dir(project: Path | str | None = None) -> Path:
    return Path(project or os.environ.get("DBT_PROJECT_DIR") or REPO)


def source_yaml_files(project: Path | str | None = None) -> list[Path]:
    return sorted(project_dir(project).glob(SOURCE_YAML))


def load_contract(project: Path | str | None = None) -> dict[str, RawTable]:
    """Every raw table of the source YAML files, by name, in declaration order (the
    files sorted by path, the tables in file order). A table without a declared key or a
    column without a logical type stops with the file, the table and the rule."""
    return dict(_load(str(project_dir(project).resolve())))


@lru_cache(maxsize=8)
def _load(root: str) -> tuple[tuple[str, RawTable], ...]:
    tables: dict[str, RawTable] = {}
    for path in source_yaml_files(root):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or []:
            for table in source.get("tables") or []:
                raw_table = _raw_table(path.relative_to(root), source["name"], table)
                tables[raw_table.name] = raw_table
    if not tables:
        raise RuntimeError(f"no raw tables found in {root}/{SOURCE_YAML}")
    return tuple(tables.items())


def _raw_table(
    path: Path, source: str, table: dict, load_column: str = LOADED_AT
) -> RawTable:
    name = table.get("identifier") or table["name"]
    meta = table.get("meta") or {}
    columns = table.get("columns") or []
    where = f"{path}: raw table {name}"
    types = {column["name"]: column.get("data_type") for column in columns}
    for column, data_type in types.items():
        if data_type not in LOGICAL_TYPES:
            raise ValueError(
                f"{where}, column {column}: data_type is {data_type!r} "
                "(rule: every column has a logical type, one of "
                f"{', '.join(LOGICAL_TYPES)})"
            )
    key = meta.get("key")
    if key not in types:
        raise ValueError(
            f"{where}: meta key is {key!r} (rule: every raw table names its "
            "record key, one of its columns, in `meta: {key: <column>}`)"
        )
    return RawTable(
        name=name,
        source=source,
        columns=tuple(types),
        types=types,
        key=key,
        staging_key=meta.get("staging_key") or key,
        required=bool(meta.get("required")),
        key_null_share=_null_share(next(c for c in columns if c["name"] == key)),
        yaml_path=path,
        optional=frozenset(
            c["name"] for c in columns if (c.get("meta") or {}).get("optional")
        ),
        load_column=load_column,
    )


def _null_share(column: dict) -> tuple[float, int] | None:
    for test in column.get("data_tests") or []:
        if isinstance(test, dict) and "null_share_at_most" in test:
            arguments = (test["null_share_at_most"] or {}).get("arguments") or {}
            return (
                float(arguments.get("max_share", 0.0)),
                int(arguments.get("allowed_rows", NULL_SHARE_ALLOWED_ROWS)),
            )
    return None


# ------------------------------------------------------------ source systems (SPEC §7)
CONTRACT = "contract"
ADAPTERS = "models/adapters"


def source_systems(project: Path | str | None = None) -> tuple[str, ...]:
    """The systems with an adapter (models/adapters/<system>/), besides the contract."""
    root = project_dir(project) / ADAPTERS
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir()))


def raw_source_system(project: Path | str | None = None) -> str:
    """RAW_SOURCE_SYSTEM (default contract), checked like dbt's raw_source_system."""
    system = os.environ.get("RAW_SOURCE_SYSTEM", CONTRACT).strip().lower() or CONTRACT
    known = source_systems(project)
    if system != CONTRACT and system not in known:
        raise ValueError(
            f"RAW_SOURCE_SYSTEM='{system}' is not supported "
            f"(rule: one of {', '.join((CONTRACT, *known))})"
        )
    return system


def adapted_tables(system: str, project: Path | str | None = None) -> tuple[str, ...]:
    """The contract tables a system's adapter produces: one model
    adapt_<system>__<table>.sql each (dbt's source_adapters() lists the same)."""
    if system == CONTRACT:
        return ()
    folder = project_dir(project) / ADAPTERS / system
    prefix = f"adapt_{system}__"
    return tuple(
        sorted(p.stem.removeprefix(prefix) for p in folder.glob(f"{prefix}*.sql"))
    )


def load_source_system(system: str, project: Path | str | None = None) -> dict:
    """A source system's own tables (models/adapters/<system>/_<system>__sources.yml),
    as RawTable: key, columns with their logical types, optional columns, the load
    column (the source's meta load_column)."""
    root = project_dir(project).resolve()
    path = root / ADAPTERS / system / f"_{system}__sources.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    tables: dict[str, RawTable] = {}
    for source in document.get("sources") or []:
        load_column = (source.get("meta") or {}).get("load_column", LOADED_AT)
        for table in source.get("tables") or []:
            raw_table = _raw_table(
                path.relative_to(root), source["name"], table, load_column
            )
            tables[raw_table.name] = raw_table
    return tables


def system_schema(system: str, project: Path | str | None = None) -> str:
    """The schema of a system's tables with RAW_DATA_FORMAT=schema: dbt_project.yml's
    var <system>_schema (dbt reads the same var), default the system's name."""
    document = yaml.safe_load(
        (project_dir(project) / "dbt_project.yml").read_text(encoding="utf-8")
    )
    return str((document.get("vars") or {}).get(f"{system}_schema", system))


def delivery_tables(
    system: str, project: Path | str | None = None
) -> tuple[dict[str, RawTable], frozenset[str]]:
    """The raw tables a delivery from `system` holds, and those it may leave out: the
    contract's tables, or, for another system, its own tables and the contract tables
    its adapter does not produce; any of these but the required ones may be absent
    (read as empty), as register_raw_sources does."""
    contract = load_contract(project)
    if system == CONTRACT:
        return contract, frozenset()
    adapted = set(adapted_tables(system, project))
    tables = {n: t for n, t in contract.items() if n not in adapted}
    tables.update(load_source_system(system, project))
    optional = frozenset(n for n, t in tables.items() if not t.required)
    return tables, optional


# ------------------------------------------------------------------------ raw files
@dataclass(frozen=True)
class RawFiles:
    """Where a delivery holds one raw table: the single file, or the table's folder and
    every file below it that is read."""

    path: Path
    files: tuple[Path, ...]
    fmt: str

    @property
    def is_folder(self) -> bool:
        return self.files != (self.path,)

    @property
    def pattern(self) -> str:
        """What DuckDB reads: the file, or ``<folder>/**/*.<ext>``."""
        return (
            f"{self.path.as_posix()}/**/*.{self.fmt}"
            if self.is_folder
            else self.path.as_posix()
        )


def find_raw_files(raw_dir: Path | str, table: str, fmt: str) -> RawFiles | None:
    """The files of raw table `table` in the delivery `raw_dir` (`fmt`: parquet or csv).

    SPEC §2's rule, which the dbt hook follows too (``locate_raw_files`` in
    macros/raw/register_raw_sources.sql, over DuckDB's ``glob()``; a change here is a
    change there, and tests/python/test_raw_registry.py runs both on the same folder):

    1. the file ``<raw_dir>/<table>.<fmt>`` if there is one: it wins over a folder;
    2. else every ``.<fmt>`` file at any depth below the folder ``<raw_dir>/<table>/``,
       sorted by path (hidden files and folders included, as DuckDB's glob lists them);
    3. else None: the table is missing.

    Names compare case-sensitively (``.PARQUET`` is not Parquet); a zero-byte file
    counts (a zero-byte CSV is an empty table); a folder never counts as a file.
    """
    raw_dir = Path(raw_dir)
    single = raw_dir / f"{table}.{fmt}"
    if single.is_file():
        return RawFiles(single, (single,), fmt)
    folder = raw_dir / table
    if not folder.is_dir():
        return None
    files = sorted(
        (path for path in folder.rglob(f"*.{fmt}") if path.is_file()),
        key=lambda path: path.as_posix(),
    )
    return RawFiles(folder, tuple(files), fmt) if files else None
