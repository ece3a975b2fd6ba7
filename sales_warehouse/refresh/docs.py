"""The documentation site (``make docs``): dbt's static docs (lineage, every model and
column described) plus a KPI dictionary built from the project's doc blocks.

    python -m sales_warehouse.refresh.docs [--duckdb-path P] [--out build/docs]

dbt needs a warehouse for the catalog (column types, row counts) and opens it
read-write, which would lock readers out of the live file for the duration. So the
catalog is read from a snapshot: the warehouse is copied (same file name, so its views
resolve) into a scratch folder and dbt points at the copy.

Output (static files, no server needed):
  build/docs/static_index.html   dbt docs, one self-contained page (open in a browser)
  build/docs/index.html, manifest.json, catalog.json   the same, as dbt serves it
  build/docs/kpi_dictionary.html / .md   every doc block (the one place each KPI is
                                  defined), where it is used, and every semantic-layer
                                  metric with its formula
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from .core import BIN, REPO

AREA_TITLES = {
    "core": "Conformed dimensions",
    "funnel": "Funnel",
    "activity": "Activity",
    "performance": "Performance",
    "goals": "Goals",
    "staging": "Staging",
}


def generate_docs(
    *, duckdb_path: Path | str, out_dir: Path | str, echo: bool = True
) -> Path:
    """dbt docs generate --static against a snapshot of the warehouse, then the KPI
    dictionary. Returns the output folder."""
    live = Path(duckdb_path).resolve()
    out = Path(out_dir).resolve()
    if not live.exists():
        raise FileNotFoundError(
            f"warehouse {live} does not exist: run make build first"
        )
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docs-", dir=live.parent) as scratch:
        snapshot = Path(scratch) / live.name
        shutil.copy2(live, snapshot)
        env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(REPO),
            "DBT_PROJECT_DIR": str(REPO),
            "DUCKDB_PATH": str(snapshot),
            "DUCKDB_TEMP_DIR": str(Path(scratch) / "tmp"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        proc = subprocess.run(
            [
                str(BIN / "dbt"),
                "docs",
                "generate",
                "--static",
                "--target-path",
                str(out),
                "--log-path",
                str(out / "logs"),
            ],
            cwd=REPO,
            env=env,
            capture_output=not echo,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                "dbt docs generate failed"
                + (f":\n{proc.stdout[-3000:]}" if not echo else "")
            )
    manifest = json.loads((out / "manifest.json").read_text())
    write_kpi_dictionary(manifest, out)
    # dbt leaves its compiled SQL and run artifacts here too; the site needs only these
    for leftover in ("compiled", "run", "graph.gpickle", "partial_parse.msgpack"):
        path = out / leftover
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    return out


# --------------------------------------------------------------------------------------
# KPI dictionary
def _area(original_file_path: str) -> str:
    parts = Path(original_file_path).parts
    if "marts" in parts:
        return parts[parts.index("marts") + 1]
    return parts[1] if len(parts) > 2 else "project"


def kpi_dictionary(manifest: dict) -> dict:
    """{area: [{name, definition, used_by}]} from the manifest's doc blocks, plus the
    semantic-layer metrics: {"metrics": [...]}."""
    project = manifest["metadata"].get("project_name", "sales_warehouse")
    blocks = [
        doc
        for doc in manifest["docs"].values()
        if doc["package_name"] == project and not doc["name"].startswith("__")
    ]
    # Where a block is used: descriptions are rendered, so a column or metric that
    # reuses a block contains its text verbatim.
    used_by: dict[str, list[str]] = defaultdict(list)
    texts = {doc["unique_id"]: doc["block_contents"].strip() for doc in blocks}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        for column in node["columns"].values():
            for uid, text in texts.items():
                if text and text in (column.get("description") or ""):
                    used_by[uid].append(f"{node['name']}.{column['name']}")
    for metric in manifest.get("metrics", {}).values():
        for uid, text in texts.items():
            if text and text in (metric.get("description") or ""):
                used_by[uid].append(f"metric {metric['name']}")

    areas: dict[str, list[dict]] = defaultdict(list)
    for doc in sorted(blocks, key=lambda d: d["name"]):
        areas[_area(doc["original_file_path"])].append(
            {
                "name": doc["name"],
                "file": doc["original_file_path"],
                "definition": doc["block_contents"].strip(),
                "used_by": sorted(used_by[doc["unique_id"]]),
            }
        )
    metrics = []
    for metric in sorted(manifest.get("metrics", {}).values(), key=lambda m: m["name"]):
        metrics.append(
            {
                "name": metric["name"],
                "label": metric.get("label") or metric["name"],
                "type": metric["type"],
                "formula": _formula(metric),
                "definition": (metric.get("description") or "").strip(),
            }
        )
    return {"areas": dict(areas), "metrics": metrics}


def _formula(metric: dict) -> str:
    params = metric["type_params"]
    if metric["type"] == "ratio":
        return f"{params['numerator']['name']} / {params['denominator']['name']}"
    if metric["type"] == "derived":
        inputs = ", ".join(
            (m.get("alias") or m["name"])
            + (
                f" = {m['name']} offset {m['offset_window']}"
                if m.get("offset_window")
                else ""
            )
            for m in params["metrics"]
        )
        return f"{' '.join(params['expr'].split())}  [{inputs}]"
    measure = (params.get("measure") or {}).get("name", "")
    where = metric.get("filter") or {}
    filters = [
        " ".join(f.get("where_sql_template", "").split())
        for f in where.get("where_filters", [])
    ]
    return f"sum of measure {measure}" + (
        f" where {' and '.join(filters)}" if filters else ""
    )


def render_markdown(dictionary: dict) -> str:
    lines = [
        "# KPI dictionary",
        "",
        "Every definition is written once, as a dbt doc block, and reused by "
        "every mart column and semantic-layer metric that carries it (SPEC §3: "
        "two dashboards must never disagree on a number). Generated by `make docs` "
        "from the doc blocks and the semantic manifest.",
        "",
    ]
    for area, blocks in sorted(
        dictionary["areas"].items(),
        key=lambda item: (
            list(AREA_TITLES).index(item[0]) if item[0] in AREA_TITLES else 99
        ),
    ):
        lines += [f"## {AREA_TITLES.get(area, area.title())}", ""]
        for block in blocks:
            lines += [f"### `{block['name']}`", "", block["definition"], ""]
            if block["used_by"]:
                used = ", ".join(f"`{u}`" for u in block["used_by"])
                lines += [f"Used by: {used}", ""]
            lines += [f"<sub>{block['file']}</sub>", ""]
    lines += [
        "## Semantic layer metrics (MetricFlow)",
        "",
        "| metric | label | type | formula |",
        "|---|---|---|---|",
    ]
    for metric in dictionary["metrics"]:
        formula = metric["formula"].replace("|", "\\|")
        lines.append(
            f"| `{metric['name']}` | {metric['label']} | {metric['type']} "
            f"| `{formula}` |"
        )
    return "\n".join(lines) + "\n"


def render_html(markdown_text: str) -> str:
    try:
        import mistune

        body = mistune.html(markdown_text)
    except ImportError:  # plain text is still a dictionary
        body = f"<pre>{html.escape(markdown_text)}</pre>"
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>KPI dictionary</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.45}code{background:#f3f3f3;padding:0 .2rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem "
        ".4rem;vertical-align:top;font-size:.9rem}h3{margin-bottom:.2rem}"
        "</style></head><body><p><a href='static_index.html'>dbt docs (lineage, "
        "models, columns)</a></p>" + body + "</body></html>\n"
    )


def write_kpi_dictionary(manifest: dict, out: Path) -> tuple[Path, Path]:
    text = render_markdown(kpi_dictionary(manifest))
    md, page = out / "kpi_dictionary.md", out / "kpi_dictionary.html"
    md.write_text(text)
    page.write_text(render_html(text))
    return md, page


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sales_warehouse.refresh.docs",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--duckdb-path", default=os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb")
    )
    parser.add_argument("--out", default="build/docs")
    args = parser.parse_args(argv)
    try:
        out = generate_docs(duckdb_path=args.duckdb_path, out_dir=args.out)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"docs: {error}", file=sys.stderr)
        return 1
    print(f"docs: {out / 'static_index.html'} and {out / 'kpi_dictionary.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
