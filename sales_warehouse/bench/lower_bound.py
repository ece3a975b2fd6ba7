"""The lower bound of a build: the SQL dbt compiled, run directly in ONE DuckDB session
without dbt, so the report can show dbt's overhead as a ratio.

In a fresh warehouse file (same name as dbt's, so the compiled ``"warehouse"."marts"...``
names resolve) with the DuckDB settings of ``profiles.yml`` (same environment
variables: DUCKDB_MEMORY_LIMIT, DUCKDB_TEMP_DIR, ...), it runs, timed:

1. the on-run-start hooks' work: the raw views exactly as the hook created them in
   dbt's warehouse (their SQL read from ``duckdb_views()``), plus the contract probe of
   each (one row), and the empty table of passed data tests that scoped tests read
   (``HOOK_SCHEMAS``, as in a first build);
2. every seed dbt built, loaded from its CSV with the column types dbt gave it;
3. every model dbt built, in topological order, as ``create or replace table|view
   <relation> as <compiled_code>`` after its materialization (incremental models as
   tables: a full build; ephemeral models are inlined by dbt and skipped);
4. every data test dbt ran, as ``select count(*)`` over its compiled select.

Unit tests are skipped: they never touch the data. Run as a child process so its
memory is measured on its own::

    python -m sales_warehouse.bench.lower_bound --manifest build/manifest.json \\
        --reference build/warehouse.duckdb --nodes nodes.json --db lb/warehouse.duckdb \\
        --out lower_bound.json
"""

from __future__ import annotations

import argparse
import graphlib
import json
import os
import sys
import time
from pathlib import Path

import duckdb
import jinja2
import yaml

REPO = Path(__file__).resolve().parents[2]
EXECUTED_TYPES = ("seed", "model", "test")
# Schemas whose tables an on-run-start hook creates, not a node: the passes of the
# scoped data tests (macros/testing/scoped_tests.sql), created empty here.
HOOK_SCHEMAS = ["audit_tests"]


def profile_settings(profiles_dir: Path = REPO, target: str | None = None) -> dict:
    """The DuckDB ``config_options`` and ``settings`` of the dbt profile, rendered with
    the environment the way dbt renders them (``env_var('NAME', 'default')``)."""

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"environment variable {name} is not set")
        return default

    text = (profiles_dir / "profiles.yml").read_text(encoding="utf-8")
    rendered = jinja2.Environment().from_string(text).render(env_var=env_var)
    profile = yaml.safe_load(rendered)["sales_warehouse"]
    output = profile["outputs"][target or profile["target"]]
    return {**(output.get("config_options") or {}), **(output.get("settings") or {})}


def execution_order(manifest: dict, node_ids: list[str]) -> list[str]:
    """``node_ids`` (seeds, models, tests) in an order where every node comes after the
    nodes it depends on; dependencies outside the set are ignored."""
    wanted = {uid for uid in node_ids if uid.split(".")[0] in EXECUTED_TYPES}
    sorter = graphlib.TopologicalSorter()
    for uid in sorted(wanted):
        parents = manifest["nodes"][uid]["depends_on"].get("nodes", [])
        sorter.add(uid, *sorted(p for p in parents if p in wanted))
    return list(sorter.static_order())


def node_statement(node: dict) -> str | None:
    """The SQL the lower bound runs for one model or test; ``None`` when dbt builds
    nothing for it (ephemeral models)."""
    kind = node["resource_type"]
    code = node.get("compiled_code")
    if kind == "test":
        return f"select count(*) from (\n{code}\n) as dbt_internal_test"
    materialized = node["config"]["materialized"]
    if materialized == "ephemeral":
        return None
    relation_kind = "view" if materialized == "view" else "table"
    return f"create or replace {relation_kind} {node['relation_name']} as\n{code}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def reference_objects(reference_db: Path, manifest: dict, order: list[str]) -> dict:
    """What dbt's own warehouse tells us and the manifest does not: the SQL of the raw
    views and tables the hooks created and the column types of every seed."""
    raw_schemas = sorted({s["schema"] for s in manifest["sources"].values()})
    seeds = [manifest["nodes"][uid] for uid in order if uid.startswith("seed.")]
    with duckdb.connect(str(reference_db), read_only=True) as con:
        views = con.execute(
            "select schema_name, view_name, sql from duckdb_views() "
            "where not internal and list_contains(?, schema_name) order by 1, 2",
            [raw_schemas],
        ).fetchall()
        seed_types = {}
        for seed in seeds:
            rows = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [seed["schema"], seed["alias"]],
            ).fetchall()
            seed_types[seed["unique_id"]] = rows
        hook_tables = con.execute(
            "select schema_name, sql from duckdb_tables() "
            "where list_contains(?, schema_name) order by 1, 2",
            [HOOK_SCHEMAS],
        ).fetchall()
    return {
        "raw_schemas": raw_schemas,
        "views": views,
        "seed_types": seed_types,
        "hook_tables": hook_tables,
    }


def run_lower_bound(
    manifest: dict,
    node_ids: list[str],
    reference_db: Path,
    db_path: Path,
    settings: dict | None = None,
) -> dict:
    """Execute the compiled project in one DuckDB session; timings and mart row counts."""
    settings = profile_settings() if settings is None else settings
    order = execution_order(manifest, node_ids)
    reference = reference_objects(reference_db, manifest, order)
    if db_path.exists():
        db_path.unlink()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temp_dir = settings.get("temp_directory")
    if temp_dir:
        Path(temp_dir).mkdir(parents=True, exist_ok=True)
    node_seconds: dict[str, float] = {}
    executed = {
        "raw_views": 0,
        "seed": 0,
        "model": 0,
        "test": 0,
        "skipped_ephemeral": 0,
    }
    test_failures: dict[str, int] = {}
    started = time.monotonic()
    con = duckdb.connect(str(db_path))
    try:
        # Applied after connecting, like dbt-duckdb does (TimeZone needs icu loaded).
        for key, value in settings.items():
            con.execute(f"set {key} = ?", [value])
        database = con.execute("select current_database()").fetchone()[0]
        step = time.monotonic()
        for schema in reference["raw_schemas"]:
            con.execute(f"create schema if not exists {_quote(schema)}")
        for schema, view, sql in reference["views"]:
            con.execute(sql)
            con.execute(
                f"select count(*) from (select 1 from {_quote(schema)}."
                f"{_quote(view)} limit 1) as probe"
            ).fetchone()
            executed["raw_views"] += 1
        for schema, sql in reference["hook_tables"]:
            con.execute(f"create schema if not exists {_quote(schema)}")
            con.execute(sql)
        node_seconds["operation.on-run-start"] = time.monotonic() - step
        schemas = {
            manifest["nodes"][uid]["schema"]
            for uid in order
            if not uid.startswith("test.")
        }
        for schema in sorted(schemas):
            con.execute(
                f"create schema if not exists {_quote(database)}.{_quote(schema)}"
            )
        for uid in order:
            node = manifest["nodes"][uid]
            step = time.monotonic()
            if node["resource_type"] == "seed":
                _load_seed(con, node, reference["seed_types"][uid])
                executed["seed"] += 1
            else:
                statement = node_statement(node)
                if statement is None:
                    executed["skipped_ephemeral"] += 1
                    continue
                result = con.execute(statement)
                if node["resource_type"] == "test":
                    test_failures[uid] = int(result.fetchone()[0])
                executed[node["resource_type"]] += 1
            node_seconds[uid] = time.monotonic() - step
        seconds = time.monotonic() - started
        mart_rows = {
            manifest["nodes"][uid]["name"]: con.execute(
                f"select count(*) from {manifest['nodes'][uid]['relation_name']}"
            ).fetchone()[0]
            for uid in order
            if is_mart(manifest["nodes"][uid])
        }
    finally:
        con.close()
    return {
        "seconds": seconds,
        "executed": executed,
        "node_seconds": node_seconds,
        "failing_tests": {uid: n for uid, n in test_failures.items() if n},
        "mart_rows": mart_rows,
        "settings": {str(k): str(v) for k, v in settings.items()},
    }


def is_mart(node: dict) -> bool:
    """A public mart: a model persisted as a table in the marts schema."""
    return (
        node["resource_type"] == "model"
        and node["schema"] == "marts"
        and node["config"]["materialized"] != "ephemeral"
    )


def _load_seed(con, node: dict, columns: list[tuple[str, str]]) -> None:
    path = Path(node["root_path"]) / node["original_file_path"]
    types = ", ".join(f"'{name}': '{data_type}'" for name, data_type in columns)
    con.execute(
        f"create or replace table {node['relation_name']} as select * from "
        f"read_csv(?, header = true, columns = {{{types}}})",
        [str(path)],
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.bench.lower_bound",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        required=True,
        help="manifest.json written by the dbt build (it holds the "
        "compiled_code of every node the build ran)",
    )
    parser.add_argument(
        "--nodes",
        type=Path,
        required=True,
        help="JSON list of the unique_ids dbt built",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        required=True,
        help="dbt's warehouse of the same raw data (raw views, seed types)",
    )
    parser.add_argument(
        "--db", type=Path, required=True, help="warehouse file to build"
    )
    parser.add_argument("--out", type=Path, required=True, help="result JSON")
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    node_ids = json.loads(args.nodes.read_text(encoding="utf-8"))
    result = run_lower_bound(manifest, node_ids, args.reference, args.db)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"lower bound: {result['seconds']:.2f} s, {result['executed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
