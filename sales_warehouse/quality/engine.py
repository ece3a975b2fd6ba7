"""Great Expectations (1.x) plumbing shared by the raw and the mart checks.

GX cannot validate DuckDB through SQLAlchemy today (GX issues #10738, #11579), so every
check reads its data with DuckDB into a pandas frame (a sample, an aggregate or a query
result) and validates that frame with a pandas data source: one expectation suite per
frame, defined in code, run as a checkpoint. Results become `Finding`s that name the
table, the column and the rule; Data Docs are written to ``<build>/data_docs``.

Severity is GX's own: ``critical`` expectations are errors (the command fails),
``warning`` ones are printed and kept in Data Docs but do not fail it.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import pandas as pd  # noqa: E402

LAYER_LABEL = {"raw": "raw table", "marts": "mart"}


@dataclass(frozen=True)
class Finding:
    """One broken rule: where (layer, table, column), which rule, what was observed."""

    layer: str
    table: str
    column: str | None
    rule: str
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{LAYER_LABEL.get(self.layer, self.layer)} {self.table}"
        if self.column:
            where += f", column {self.column}"
        rule = (
            self.rule if self.severity == "error" else f"{self.rule}, {self.severity}"
        )
        return f"{where}: {self.message} (rule: {rule})"


@dataclass
class Batch:
    """A frame to validate and the expectations on it (a suite named `suite_name`)."""

    suite_name: str
    table: str
    frame: pd.DataFrame
    expectations: list[Any]
    sampled_from: int | None = None  # full row count when `frame` is a sample


@dataclass
class Report:
    layer: str
    findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    docs_index: Path | None = None
    seconds: float = 0.0
    suites: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self) -> list[str]:
        return [str(f) for f in self.findings]

    def format(self, headline: str) -> str:
        lines = []
        if self.errors:
            lines.append(headline)
            lines += [f"  - {f}" for f in self.errors]
        if self.warnings:
            lines.append("Warnings (the build goes on):")
            lines += [f"  - {f}" for f in self.warnings]
        lines += [f"notice: {n}" for n in self.notices]
        status = "FAILED" if self.errors else "passed"
        summary = (
            f"GX {self.layer} checks {status}: {self.suites} suites, "
            f"{len(self.errors)} errors, {len(self.warnings)} warnings "
            f"({self.seconds:.1f} s)"
        )
        if self.docs_index:
            summary += f"; Data Docs: {self.docs_index}"
        lines.append(summary)
        return "\n".join(lines)


def meta(rule: str, column: str | None, describe: str, **extra) -> dict:
    """What every expectation carries so that a failure reads as table/column/rule."""
    return {"rule": rule, "column": column, "describe": describe, **extra}


class Validator:
    """One GX context for one layer's run: checkpoints per batch, then Data Docs."""

    def __init__(self, layer: str, build_dir: Path | None, docs: bool = True):
        self.layer = layer
        self.build_dir = Path(build_dir) if build_dir else None
        self.docs = docs and self.build_dir is not None
        self.started = time.perf_counter()
        self.report = Report(layer)
        self._quiet()
        import great_expectations as gx

        self.gx = gx
        self.context = gx.get_context(project_config=self._config(), mode="ephemeral")
        self.source = self.context.data_sources.add_pandas(f"{layer}_frames")

    def _quiet(self) -> None:
        for name in ("great_expectations", "tzlocal"):
            logging.getLogger(name).setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", module="great_expectations")

    def _config(self):
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(
                init_temp_docs_sites=False
            ),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        )
        if not self.docs:
            return config
        # Suites and results on disk, so that the Data Docs index shows the latest raw
        # and mart runs together; each run replaces its own layer's files.
        gx_dir = self.build_dir / "gx"
        docs_dir = self.build_dir / "data_docs"
        for folder in (
            gx_dir / "expectations",
            gx_dir / "validations",
            docs_dir / "expectations",
            docs_dir / "validations",
        ):
            shutil.rmtree(folder / self.layer, ignore_errors=True)
        config.stores["expectations_store"] = {
            "class_name": "ExpectationsStore",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(gx_dir / "expectations"),
            },
        }
        config.stores["validation_results_store"] = {
            "class_name": "ValidationResultsStore",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(gx_dir / "validations"),
            },
        }
        config.data_docs_sites = {
            "local_site": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
        return config

    def notice(self, text: str) -> None:
        self.report.notices.append(text)

    def add(self, finding: Finding) -> None:
        self.report.findings.append(finding)

    def run(self, batch: Batch) -> list[Finding]:
        """Validate `batch.frame` against its suite as a checkpoint; returns findings."""
        gx = self.gx
        name = batch.suite_name
        asset = self.source.add_dataframe_asset(name)
        definition = asset.add_batch_definition_whole_dataframe("whole_frame")
        suite = self.context.suites.add(
            gx.ExpectationSuite(name=name, expectations=batch.expectations)
        )
        validation = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=definition, suite=suite)
        )
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(
                name=name,
                validation_definitions=[validation],
                result_format={
                    "result_format": "SUMMARY",
                    "partial_unexpected_count": 3,
                },
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": batch.frame})
        self.report.suites += 1
        findings = []
        for suite_result in result.run_results.values():
            for expectation_result in suite_result.results:
                if not expectation_result.success:
                    findings += _findings(self.layer, batch, expectation_result)
        # a rule that is an error above a tolerance and a warning below it reports once
        errors = {
            (f.table, f.column, f.rule) for f in findings if f.severity == "error"
        }
        findings = [
            f
            for f in findings
            if f.severity == "error" or (f.table, f.column, f.rule) not in errors
        ]
        self.report.findings += findings
        return findings

    def finish(self) -> Report:
        if self.docs and self.report.suites:
            self.context.build_data_docs()
            self.report.docs_index = self.build_dir / "data_docs" / "index.html"
        self.report.seconds = time.perf_counter() - self.started
        return self.report


def _severity(config) -> str:
    value = getattr(config, "severity", "critical")
    value = getattr(value, "value", value)
    return "error" if str(value).lower() == "critical" else "warning"


def _findings(layer: str, batch: Batch, result) -> list[Finding]:
    config = result.expectation_config
    info = config.meta or {}
    rule = info.get("rule", config.type)
    column = info.get("column", config.kwargs.get("column"))
    severity = _severity(config)
    observed = result.result or {}
    exception = result.exception_info or {}
    if exception.get("raised_exception"):
        text = str(exception.get("exception_message", "")).splitlines()[0][:300]
        return [
            Finding(
                layer,
                batch.table,
                column,
                rule,
                f"could not be checked: {text}",
                severity,
            )
        ]
    if config.type == "expect_table_columns_to_match_set":
        missing = (observed.get("details", {}).get("mismatched", {}) or {}).get(
            "missing"
        )
        return [
            Finding(layer, batch.table, name, rule, info["describe"], severity)
            for name in sorted(missing or [])
        ]
    return [
        Finding(
            layer,
            batch.table,
            column,
            rule,
            _describe(config, info, observed, batch),
            severity,
        )
    ]


def _describe(config, info: dict, observed: dict, batch: Batch) -> str:
    describe = info.get("describe", config.type.replace("_", " "))
    kwargs = config.kwargs
    if "unexpected_count" in observed and "observed_value" not in observed:
        total = observed.get("element_count", 0)
        if total == 1 and observed.get("partial_unexpected_list"):
            value = _plain(observed["partial_unexpected_list"][0])
            bounds = _bounds(kwargs)
            return f"{describe}: observed {_number(value)}" + (
                f", expected {bounds}" if bounds else ""
            )
        if config.type not in (
            "expect_column_values_to_not_be_null",
            "expect_column_values_to_be_null",
        ):
            total -= observed.get("missing_count", 0) or 0
        bad = observed["unexpected_count"]
        share = bad / total if total else 0.0
        where = "sampled " if batch.sampled_from and batch.sampled_from > total else ""
        text = f"{bad:,} of {total:,} {where}values ({share:.1%}) {describe}"
        examples = []
        for value in observed.get("partial_unexpected_list") or []:
            value = _plain(value)
            if value is not None and value == value and value not in examples:
                examples.append(value)
        if examples:
            unit = info.get("example_unit")
            text += ", e.g. " + ", ".join(
                f"{_number(v)} {unit}" if unit else repr(v) for v in examples[:3]
            )
        mostly = kwargs.get("mostly", 1)
        if isinstance(mostly, (int, float)) and mostly < 1:
            text += f"; at most {1 - mostly:.1%} allowed"
        return text
    value = observed.get("observed_value")
    bounds = _bounds(kwargs)
    text = f"{describe}: observed {_number(value)}"
    if bounds:
        text += f", expected {bounds}"
    return text


def _bounds(kwargs: dict) -> str:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is not None and high is not None:
        return f"between {_number(low)} and {_number(high)}"
    if low is not None:
        return f"at least {_number(low)}"
    if high is not None:
        return f"at most {_number(high)}"
    return ""


def _number(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    return value
