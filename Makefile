# Two commands on a fresh machine (Python 3.11, git, make):
#   make build   install everything, generate the demo raw data, dbt build on DuckDB
#   make test    the whole test suite (lint, dbt unit/data tests, end-to-end pytest)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCALE ?= 1
SEED ?= 42
# pytest workers of `make test`: one test file per worker at a time (pytest-xdist), in
# the order of tests/python/conftest.py's FILE_ORDER (longest first).
# sqlfluff lints on every core too (--processes 0).
TEST_WORKERS ?= 2

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export RAW_DATA_DIR ?= $(CURDIR)/data/raw
export RAW_DATA_FORMAT ?= parquet
export DUCKDB_PATH ?= $(CURDIR)/data/warehouse.duckdb
export DUCKDB_TEMP_DIR ?= $(CURDIR)/data/duckdb_tmp
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# Great Expectations Data Docs and the previous build's mart row counts.
BUILD_DIR ?= $(CURDIR)/build
QUALITY := $(BIN)/python -m sales_warehouse.quality

.PHONY: help install data build warehouse validate validate-raw validate-marts test lint \
	clean

help:
	@echo "make build   install, generate demo raw data (SCALE=$(SCALE)), dbt build"
	@echo "make test    lint + the whole pytest suite (builds its own small warehouse)"
	@echo "make data    generate demo raw data only"
	@echo "make warehouse  GX raw check, dbt build, freshness, GX mart checks over"
	@echo "                RAW_DATA_DIR (your own data)"
	@echo "make validate   GX checks of the raw delivery and the marts (Data Docs in"
	@echo "                build/data_docs; ACCEPT_ROW_COUNTS=1 after a volume change)"
	@echo "make lint    ruff (Python) and sqlfluff (models) lint"
	@echo "make clean   remove the virtual environment, data and dbt artefacts"

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
	touch $@

data: install
	$(BIN)/python -m sales_warehouse.generator --scale $(SCALE) --seed $(SEED) \
		--format $(RAW_DATA_FORMAT) --out $(RAW_DATA_DIR)

build: data warehouse

# dbt build over whatever RAW_DATA_DIR holds (the demo data, or your own exports),
# between the GX checks: a broken raw delivery stops before dbt runs; the marts are
# checked after the build (README, "Data quality").
warehouse: install
	mkdir -p $(dir $(DUCKDB_PATH)) $(DUCKDB_TEMP_DIR)
	$(QUALITY) raw --build-dir $(BUILD_DIR)
	$(BIN)/dbt build
	$(BIN)/dbt source freshness
	$(QUALITY) marts --build-dir $(BUILD_DIR)

validate: install
	$(QUALITY) all --build-dir $(BUILD_DIR) $(if $(ACCEPT_ROW_COUNTS),--accept-row-counts)

validate-raw: install
	$(QUALITY) raw --build-dir $(BUILD_DIR)

validate-marts: install
	$(QUALITY) marts --build-dir $(BUILD_DIR) $(if $(ACCEPT_ROW_COUNTS),--accept-row-counts)

test: install
	$(MAKE) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

lint: install
	mkdir -p $(DUCKDB_TEMP_DIR)
	$(BIN)/ruff check sales_warehouse tests
	$(BIN)/ruff format --check sales_warehouse tests
	# as parsed for Salesforce: every model, the Salesforce adapter (SPEC §7) included;
	# then the HubSpot adapter, as parsed for HubSpot
	RAW_SOURCE_SYSTEM=salesforce $(BIN)/sqlfluff lint models analyses --processes 0
	RAW_SOURCE_SYSTEM=hubspot $(BIN)/sqlfluff lint models/adapters/hubspot --processes 0

clean:
	rm -rf $(VENV) data target logs build

# Targets of the serving side (dashboards, refresh, docs) and the benchmark live in
# make/*.mk, so each stays readable.
-include make/*.mk
