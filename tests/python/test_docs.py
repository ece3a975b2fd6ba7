"""`make docs` (sales_warehouse.refresh.docs): the static dbt docs site with lineage
and a catalog of every public mart, and the KPI dictionary built from the doc blocks,
generated from a snapshot so the live warehouse file is never written to."""

from __future__ import annotations

import json

import pytest

from sales_warehouse.refresh.docs import generate_docs


@pytest.fixture(scope="module")
def docs(demo_warehouse, tmp_path_factory):
    before = demo_warehouse.db_path.stat().st_mtime_ns
    out = generate_docs(
        duckdb_path=demo_warehouse.db_path,
        out_dir=tmp_path_factory.mktemp("docs"),
        echo=False,
    )
    assert demo_warehouse.db_path.stat().st_mtime_ns == before, "docs wrote to live"
    return out


@pytest.mark.slow
def test_static_site_has_lineage_and_a_catalog_of_every_mart(docs):
    manifest = json.loads((docs / "manifest.json").read_text())
    catalog = json.loads((docs / "catalog.json").read_text())
    marts = {
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    assert len(marts) >= 30
    assert marts <= set(catalog["nodes"]), sorted(marts - set(catalog["nodes"]))
    # lineage: the dashboard pages are exposures that depend on marts
    exposures = manifest["exposures"].values()
    assert {e["name"] for e in exposures} >= {
        "dashboard_funnel",
        "dashboard_activity",
        "dashboard_performance",
        "dashboard_goals",
        "dashboard_work",
    }
    assert all(e["depends_on"]["nodes"] for e in exposures)
    page = (docs / "static_index.html").read_text()
    assert len(page) > 1_000_000 and "fct_opportunities" in page


@pytest.mark.slow
def test_kpi_dictionary_defines_each_kpi_once_and_says_where_it_is_used(docs):
    text = (docs / "kpi_dictionary.md").read_text()
    for block in (
        "win_rate",
        "sales_cycle_days",
        "connect_rate",
        "perf_pipeline_velocity",
        "perf_nps",
    ):
        assert text.count(f"### `{block}`") == 1, block
    win_rate = text.split("### `win_rate`", 1)[1].split("### ", 1)[0]
    assert "fct_sales_scorecard.win_rate" in win_rate
    assert "metric win_rate" in win_rate
    assert "| `win_rate` |" in text and "ratio" in text
    assert (docs / "kpi_dictionary.html").read_text().startswith("<!doctype html>")
