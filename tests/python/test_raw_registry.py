"""The raw tables are declared once, in the dbt source YAML
(models/staging/<source>/_<source>__sources.yml), and every list is derived from it:

* the Python loader (sales_warehouse/raw_contract.py) reads what dbt's parsed manifest
  says, and the audit's registry (macros/staging/raw_table_registry.sql) builds the same
  entries from dbt's graph;
* a table added to the YAML alone appears in every Python list, is delivered empty by the
  generator, and stops dbt with a message naming it until it is staged;
* the Python rule that finds a raw table's files (`find_raw_files`) and the dbt hook's
  (`locate_raw_files`, over DuckDB's glob) find the same files in a folder of odd cases.

No build: two `dbt run-operation` calls on copies of the project (a probe macro added),
about a parse each.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, dbt

from sales_warehouse.generator.core import TABLES, empty_table, generation_order
from sales_warehouse.generator.table import write_table
from sales_warehouse.quality.contract import typed_columns
from sales_warehouse.raw_contract import LOADED_AT, find_raw_files, load_contract

PROJECT_PARTS = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "analyses",
)
PROBE = "RAW_REGISTRY_PROBE "
# What dbt knows at run time, printed as JSON: the audit's registry and, per format,
# where the hook finds each raw table of RAW_DATA_DIR.
PROBE_MACRO = (
    """
{% macro raw_registry_probe() %}
    {%- set located = {} -%}
    {%- for fmt in ['parquet', 'csv'] -%}
        {%- set problems = [] -%}
        {%- set missing = [] -%}
        {%- set found = {} -%}
        {%- for node, location, files in locate_raw_files(
            project_raw_sources(), fmt, problems, missing, []) -%}
            {%- do found.update({node.identifier: [location, files]}) -%}
        {%- endfor -%}
        {%- do located.update({fmt: {'found': found, 'missing': missing}}) -%}
    {%- endfor -%}
    {{ print('"""
    + PROBE
    + """' ~ tojson(
        {'registry': raw_table_registry(), 'located': located})) }}
{% endmacro %}
"""
)
# A raw table declared in the source YAML alone (no base_/stg_ models, no data).
NEW_TABLE = "crm_quotes"
NEW_TABLE_YAML = """
      - name: crm_quotes
        meta:
          key: quote_id
        description: Quotes sent to accounts.
        columns:
          - name: quote_id
            data_type: string
            description: Quote id (key).
          - name: amount
            data_type: decimal
            description: Quoted amount.
          - name: updated_at
            data_type: timestamp
            description: Time this version was written; the latest wins.
"""


def copy_project(directory: Path) -> Path:
    directory.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(
                source,
                directory / part,
                ignore=shutil.ignore_patterns("__pycache__", "python"),
            )
        elif source.exists():
            shutil.copy2(source, directory / part)
    (directory / "macros" / "raw_registry_probe.sql").write_text(PROBE_MACRO)
    return directory


def run_operation(project: Path, work_dir: Path, raw_dir: Path, macro: str):
    return dbt(
        ["run-operation", macro],
        raw_dir=raw_dir,
        db_path=work_dir / "probe.duckdb",
        raw_format="parquet",
        work_dir=work_dir,
        extra_env={"DBT_PROJECT_DIR": str(project)},
    )


def touch(path: Path, content: bytes = b"x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def odd_delivery(raw: Path) -> Path:
    """A folder with the cases the file rule has to decide (file contents do not matter:
    only where the files are)."""
    touch(raw / "crm_users.parquet")  # one file
    touch(raw / "crm_teams.parquet")  # the file wins...
    touch(raw / "crm_teams" / "2024-01-02.parquet")  # ...over a folder
    for name in (
        "a.parquet",
        "sub/b.parquet",
        "sub/deeper/c.parquet",
        ".hidden.parquet",
        ".dir/d.parquet",
        "notes.txt",
        "e.csv",
    ):  # any depth, hidden too
        touch(raw / "crm_accounts" / name)
    touch(raw / "crm_contacts.csv", b"")  # a zero-byte CSV
    (raw / "crm_leads").mkdir()  # an empty folder
    touch(raw / "crm_lead_status_history" / "x.parquet" / "y.parquet")  # a folder
    touch(raw / "crm_opportunities" / "year=2024" / "month=01" / "part-0.parquet")
    touch(raw / "crm_opportunities" / "year=2024" / "empty.parquet", b"")
    touch(raw / "crm_products.PARQUET")  # not .parquet
    touch(raw / "crm_products.csv")
    touch(
        raw / "crm_opportunity_line_items_old" / "x.parquet"
    )  # another table's prefix
    touch(raw / "email_messages.parquet")
    touch(raw / "_increments" / "pending" / "email_messages.parquet")  # not a table
    touch(raw / "email_events" / "initial.parquet")  # the generator's daily
    touch(raw / "email_events" / "2026-11-02.parquet")  # increments
    touch(raw / "telephony_calls.parquet" / "part-0.parquet")  # a folder named a file
    touch(raw / "telephony_sms" / "day 1.csv")
    touch(raw / "unknown_table.parquet")
    return raw  # web_sessions: absent


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> dict:
    """The project as dbt parses and runs it: manifest, registry, located files."""
    work_dir = tmp_path_factory.mktemp("registry")
    project = copy_project(work_dir / "project")
    raw = odd_delivery(work_dir / "raw")
    run = run_operation(project, work_dir, raw, "raw_registry_probe")
    assert run.returncode == 0, run.output[-3000:]
    [line] = [line for line in run.output.splitlines() if line.startswith(PROBE)]
    return {
        "manifest": json.loads((run.target_path / "manifest.json").read_text()),
        "raw": raw,
        **json.loads(line[len(PROBE) :]),
    }


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> tuple[Path, object]:
    """A copy of the project with a raw table added to the source YAML alone, and what
    dbt says when it starts a run."""
    work_dir = tmp_path_factory.mktemp("extended")
    project = copy_project(work_dir / "project")
    crm_yaml = project / "models/staging/crm/_crm__sources.yml"
    crm_yaml.write_text(
        crm_yaml.read_text(encoding="utf-8") + NEW_TABLE_YAML, encoding="utf-8"
    )
    run = run_operation(project, work_dir, work_dir / "raw", "register_raw_sources")
    return project, run


def test_the_loader_reads_what_dbt_parses(probed):
    manifest = probed["manifest"]
    sources = {
        node["identifier"]: node
        for node in manifest["sources"].values()
        if node["package_name"] == "sales_warehouse"
    }
    contract = load_contract()
    assert set(contract) == set(sources)
    null_shares = {
        (parent, node["column_name"]): node["test_metadata"]["kwargs"]
        for node in manifest["nodes"].values()
        if (node.get("test_metadata") or {}).get("name") == "null_share_at_most"
        for parent in node["depends_on"]["nodes"]
    }
    for name, table in contract.items():
        node = sources[name]
        assert node["source_name"] == table.source, name
        assert tuple(node["columns"]) == table.columns, name
        assert {
            c: node["columns"][c]["data_type"] for c in node["columns"]
        } == table.types, name
        assert node["meta"]["key"] == table.key, name
        assert node["meta"].get("staging_key", node["meta"]["key"]) == table.staging_key
        assert bool(node["meta"].get("required")) == table.required, name
        test = null_shares[(node["unique_id"], table.key)]
        assert table.key_null_share == (test["max_share"], test.get("allowed_rows", 5))


def test_every_raw_table_is_staged_and_audited_by_its_models(probed):
    nodes = probed["manifest"]["nodes"]

    def parents(model: str) -> set[str]:
        return set(nodes[f"model.sales_warehouse.{model}"]["depends_on"]["nodes"])

    counted, quarantined = (
        parents("audit_row_counts"),
        parents("audit_quarantined_rows"),
    )
    for table in load_contract().values():
        source = f"source.sales_warehouse.{table.source}.{table.name}"
        base, stg = (
            f"model.sales_warehouse.{model}"
            for model in (table.base_model, table.staging_model)
        )
        assert source in parents(table.base_model), table.name
        assert stg in nodes, table.name
        assert {source, base, stg} <= counted, table.name
        assert base in quarantined, table.name


def test_the_audit_registry_is_the_loaders(probed):
    registry = {entry["raw_table"]: entry for entry in probed["registry"]}
    assert len(registry) == len(probed["registry"])
    assert {
        name: (e["source"], e["base_model"], e["staging_model"], e["key"])
        for name, e in registry.items()
    } == {
        name: (t.source, t.base_model, t.staging_model, t.staging_key)
        for name, t in load_contract().items()
    }


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_python_and_dbt_find_the_same_raw_files(probed, fmt):
    raw, located = probed["raw"], probed["located"][fmt]
    python = {}
    for name in load_contract():
        found = find_raw_files(raw, name, fmt)
        if found:
            python[name] = [found.path.as_posix(), [f.as_posix() for f in found.files]]
    dbt_side = {
        name: [location.rstrip("/"), files]
        for name, (location, files) in located["found"].items()
    }
    assert python == dbt_side
    assert sorted(located["missing"]) == sorted(set(load_contract()) - set(python))


def test_the_odd_cases_follow_the_rule(probed):
    raw = probed["raw"]

    def files(table, fmt="parquet"):
        found = find_raw_files(raw, table, fmt)
        return found and [f.relative_to(raw).as_posix() for f in found.files]

    assert files("crm_users") == ["crm_users.parquet"]
    assert files("crm_teams") == ["crm_teams.parquet"]
    assert files("crm_accounts") == [
        "crm_accounts/.dir/d.parquet",
        "crm_accounts/.hidden.parquet",
        "crm_accounts/a.parquet",
        "crm_accounts/sub/b.parquet",
        "crm_accounts/sub/deeper/c.parquet",
    ]
    assert files("crm_accounts", "csv") == ["crm_accounts/e.csv"]
    assert files("crm_contacts", "csv") == ["crm_contacts.csv"]
    assert files("crm_contacts") is None
    assert files("crm_leads") is None
    assert files("crm_lead_status_history") == [
        "crm_lead_status_history/x.parquet/y.parquet"
    ]
    assert len(files("crm_opportunities")) == 2
    assert files("crm_products") is None
    assert files("crm_products", "csv") == ["crm_products.csv"]
    assert files("crm_opportunity_line_items") is None
    assert files("email_messages") == ["email_messages.parquet"]
    assert files("email_events") == [
        "email_events/2026-11-02.parquet",
        "email_events/initial.parquet",
    ]
    assert (
        find_raw_files(raw, "email_events", "parquet").pattern
        == f"{(raw / 'email_events').as_posix()}/**/*.parquet"
    )
    assert files("telephony_calls") is None
    assert files("telephony_sms", "csv") == ["telephony_sms/day 1.csv"]
    assert files("web_sessions") is None


def test_a_table_added_to_the_yaml_alone_appears_everywhere(
    extended, tmp_path, monkeypatch
):
    project, run = extended
    contract = load_contract(project)
    assert set(contract) - set(load_contract()) == {NEW_TABLE}
    quotes = contract[NEW_TABLE]
    # the Python lists: the contract, the e2e tests' registry, the quality checks
    assert (
        quotes.source,
        quotes.key,
        quotes.staging_key,
        quotes.staging_model,
        quotes.versioned,
        quotes.soft_deletes,
        quotes.required,
    ) == ("crm", "quote_id", "quote_id", "stg_crm__quotes", True, False, False)
    assert typed_columns(quotes) == {
        "amount": "decimal",
        "updated_at": "timestamp",
        LOADED_AT: "timestamp",
    }
    # the generator: in its order (after the CRM tables it knew), delivered empty
    order = generation_order(contract)
    assert order.index(NEW_TABLE) == TABLES.index("crm_meetings") + 1
    assert [name for name in order if name != NEW_TABLE] == TABLES
    monkeypatch.setenv("DBT_PROJECT_DIR", str(project))
    path = write_table(empty_table(quotes), tmp_path, "csv")
    assert path.read_text().replace('"', "").splitlines() == [
        "quote_id,amount,updated_at,_loaded_at"
    ]
    assert find_raw_files(tmp_path, NEW_TABLE, "csv").files == (path,)
    # dbt: the graph has it, and a run stops naming it until it is staged and listed
    assert run.returncode != 0
    assert (
        f"raw table {NEW_TABLE} (models/staging/crm/_crm__sources.yml): not in "
        "staged_raw_tables() of macros/staging/raw_table_registry.sql"
    ) in run.output
