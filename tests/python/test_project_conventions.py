"""Project conventions over the dbt manifest (what dbt-project-evaluator would check,
SPEC §4 and STYLE.md): every model is described and has a primary-key test, public marts
have enforced contracts with described and typed columns, only staging reads sources, no
model reads a layer above its own (in particular no intermediate model reads a mart), no
model file is longer than MAX_MODEL_LINES lines, every model is a view or a table, and the
staging folders show its two steps (base_ tables in models/staging/<source>/base/, stg_
views next to that folder).

Exemptions (documented here, once):
  * primary-key test: the `base_*` staging models, the source adapters
    (models/adapters/) and `audit_quarantined_rows` have the grain of a raw row (one row
    per delivered row, duplicates and null keys included: that is what they classify
    and count), so no column is unique;
  * reading sources: the adapters, staging, and `models/audit`, which counts the raw
    rows.
Layers: adapters < staging < intermediate < marts < semantic (MetricFlow's time spine,
over the marts); audit may read adapters and staging (and sources, seeds) only; any
layer may read seeds. Every check runs on the project as parsed for each source system
(RAW_SOURCE_SYSTEM, SPEC §7): the adapters of a system are only enabled for it.
Known exceptions to the layer order are listed, each with its reason, in
KNOWN_LAYER_EXCEPTIONS, to be emptied, not extended (an entry no longer needed fails the
test).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from conftest import REPO, dbt

LAYERS = {
    "adapters": -1,
    "staging": 0,
    "audit": 0.5,
    "intermediate": 1,
    "marts": 2,
    "semantic": 3,
}
# + every base_* staging model and every adapter model
PRIMARY_KEY_EXEMPT = {"audit_quarantined_rows"}
SOURCE_READERS = {"adapters", "staging", "audit"}

# Known exceptions to the layer order, to be removed, not extended: (model, the model of
# a higher layer it reads) -> why it still does. Intermediate models read the
# intermediate models the marts are built from (int_opportunities_enriched for
# fct_opportunities, int_reps_enriched for dim_reps, ...), never the marts.
KNOWN_LAYER_EXCEPTIONS: dict[tuple[str, str], str] = {}

# A model is one idea, about a screen or two (STYLE.md): no model file is longer than
# this.
MAX_MODEL_LINES = 200


@pytest.fixture(scope="module", params=["contract", "salesforce", "hubspot"])
def manifest(request, tmp_path_factory) -> dict:
    work_dir = tmp_path_factory.mktemp(f"parse_{request.param}")
    run = dbt(
        ["parse"],
        raw_dir=work_dir,
        db_path=work_dir / "parse.duckdb",
        raw_format="parquet",
        work_dir=work_dir,
        extra_env={"RAW_SOURCE_SYSTEM": request.param},
    )
    assert run.returncode == 0, run.output[-3000:]
    parsed = json.loads((run.target_path / "manifest.json").read_text())
    parsed["_system"] = request.param
    return parsed


@pytest.fixture(scope="module")
def models(manifest) -> dict[str, dict]:
    return {
        node["unique_id"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["package_name"] == "sales_warehouse"
    }


def layer(node: dict) -> str:
    parts = node["original_file_path"].split("/")
    assert parts[0] == "models" and parts[1] in LAYERS, (
        f"{node['original_file_path']}: a model lives in models/<layer>/"
    )
    return parts[1]


def violations_message(violations: list[str]) -> str:
    return f"{len(violations)} violation(s):\n  " + "\n  ".join(sorted(violations))


def test_every_model_has_a_description(models):
    violations = [
        f"{node['original_file_path']}: no description"
        for node in models.values()
        if not node["description"].strip()
    ]
    assert not violations, violations_message(violations)


def test_every_model_is_a_view_or_a_table(models):
    """One way to build (docs/refresh.md): every run rebuilds every model
    from the raw files, so the production refresh (a new warehouse file) and a `dbt build`
    give the same tables; no incremental model, snapshot or ephemeral model hides state."""
    violations = [
        f"{node['original_file_path']}: materialized {node['config']['materialized']}"
        for node in models.values()
        if node["config"]["materialized"] not in ("view", "table")
    ]
    assert not violations, violations_message(violations)


def test_every_model_has_a_primary_key_test(manifest, models):
    single = defaultdict(
        lambda: defaultdict(set)
    )  # model -> column -> {unique, not_null}
    combined = set()
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        attached = node.get("attached_node")
        if node["resource_type"] != "test" or not attached:
            continue
        if metadata.get("name") in ("unique", "not_null") and node.get("column_name"):
            single[attached][node["column_name"].lower()].add(metadata["name"])
        elif metadata.get("name") == "unique_combination_of_columns":
            combined.add(attached)
    violations = []
    for unique_id, node in models.items():
        if (
            node["name"] in PRIMARY_KEY_EXEMPT
            or layer(node) == "adapters"
            or (layer(node) == "staging" and node["name"].startswith("base_"))
        ):
            continue
        keyed = any(
            kinds == {"unique", "not_null"} for kinds in single[unique_id].values()
        )
        if not keyed and unique_id not in combined:
            violations.append(
                f"{node['original_file_path']}: no primary-key test (unique + not_null on "
                "one column, or unique_combination_of_columns)"
            )
    assert not violations, violations_message(violations)


def test_staging_folders_show_base_tables_and_stg_views(models):
    """models/staging/<source>/base/base_<source>__<table>.sql is a table (every raw
    row, classified); models/staging/<source>/stg_<source>__<table>.sql is a view of
    the staged rows of its base_ model. Both materializations are folder defaults in
    dbt_project.yml."""
    violations = []
    for node in models.values():
        if layer(node) != "staging":
            continue
        path, name = node["original_file_path"], node["name"]
        source = path.split("/")[2]
        if name.startswith(f"base_{source}__"):
            expected_path = f"models/staging/{source}/base/{name}.sql"
            materialized = "table"
        elif name.startswith(f"stg_{source}__"):
            expected_path = f"models/staging/{source}/{name}.sql"
            materialized = "view"
            base = "model.sales_warehouse." + name.replace("stg_", "base_", 1)
            if base not in node["depends_on"]["nodes"]:
                violations.append(f"{path}: does not read {base}")
        else:
            violations.append(
                f"{path}: a model of models/staging/{source}/ is "
                f"base_{source}__<table> or stg_{source}__<table>"
            )
            continue
        if path != expected_path:
            violations.append(f"{path}: belongs at {expected_path}")
        if node["config"]["materialized"] != materialized:
            violations.append(
                f"{path}: materialized {node['config']['materialized']}, "
                f"not {materialized}"
            )
    assert not violations, violations_message(violations)


def test_public_marts_have_enforced_contracts_and_described_typed_columns(models):
    violations = []
    for node in models.values():
        if layer(node) != "marts":
            continue
        path = node["original_file_path"]
        if not node["config"].get("contract", {}).get("enforced"):
            violations.append(f"{path}: contract not enforced")
        if not node["columns"]:
            violations.append(f"{path}: no columns declared")
        for column in node["columns"].values():
            if not (column.get("description") or "").strip():
                violations.append(f"{path}: column {column['name']} has no description")
            if not column.get("data_type"):
                violations.append(f"{path}: column {column['name']} has no data_type")
    assert not violations, violations_message(violations)


def test_only_staging_and_audit_read_sources(models):
    violations = [
        f"{node['original_file_path']}: reads {parent} directly (only staging reads "
        "sources; use the stg_ model)"
        for node in models.values()
        if layer(node) not in SOURCE_READERS
        for parent in node["depends_on"]["nodes"]
        if parent.startswith("source.")
    ]
    assert not violations, violations_message(violations)


def test_no_model_reads_a_layer_above_its_own(models):
    assert all(reason.strip() for reason in KNOWN_LAYER_EXCEPTIONS.values())
    violations, excepted = [], set()
    for node in models.values():
        own = layer(node)
        for parent_id in node["depends_on"]["nodes"]:
            parent = models.get(parent_id)
            if parent is None:  # sources, seeds, other packages
                continue
            theirs = layer(parent)
            too_high = LAYERS[theirs] > LAYERS[own]
            if own == "audit" and theirs not in ("adapters", "staging", "audit"):
                too_high = True
            if too_high and (node["name"], parent["name"]) in KNOWN_LAYER_EXCEPTIONS:
                excepted.add((node["name"], parent["name"]))
            elif too_high:
                violations.append(
                    f"{node['original_file_path']} ({own}) reads "
                    f"{parent['name']} ({theirs})"
                )
    assert not violations, violations_message(violations)
    fixed = set(KNOWN_LAYER_EXCEPTIONS) - excepted
    assert not fixed, f"no longer needed, remove from KNOWN_LAYER_EXCEPTIONS: {fixed}"


def test_no_model_file_is_longer_than_the_limit(models):
    violations = []
    for node in models.values():
        lines = len((REPO / node["original_file_path"]).read_text().splitlines())
        if lines > MAX_MODEL_LINES:
            violations.append(
                f"{node['original_file_path']}: {lines} lines (at most "
                f"{MAX_MODEL_LINES}; split it at a named intermediate model)"
            )
    assert not violations, violations_message(violations)


def test_source_adapters_are_declared_once(manifest, models):
    """A system's adapter models (adapt_<system>__<contract table>) are the contract
    tables its adapter carries, as the Python side derives them
    (raw_contract.adapted_tables); dbt's source_adapters() names the same ones: each
    adapter model feeds its contract table's base_ model (raw_source()), and a listed
    table without a model fails the parse. audit_adapter_row_counts counts every table
    of the system's source YAML (a table without a row-scope rule fails to compile)."""
    from sales_warehouse.raw_contract import adapted_tables

    system = manifest["_system"]
    adapters = {
        node["name"]: node for node in models.values() if layer(node) == "adapters"
    }
    assert sorted(name.split("__", 1)[1] for name in adapters) == sorted(
        adapted_tables(system, REPO)
    )
    readers = defaultdict(set)
    for node in models.values():
        for parent in node["depends_on"]["nodes"]:
            readers[parent].add(node["name"])
    for name, node in adapters.items():
        base = "base_{}__{}".format(*name.split("__", 1)[1].split("_", 1))
        assert base in readers[node["unique_id"]], f"{name} feeds no {base}"
    if system == "contract":
        return
    (audit,) = [n for n in models.values() if n["name"] == "audit_adapter_row_counts"]
    system_sources = {
        unique_id
        for unique_id, source in manifest["sources"].items()
        if source["source_name"] == system
    }
    assert system_sources and system_sources <= set(audit["depends_on"]["nodes"])
