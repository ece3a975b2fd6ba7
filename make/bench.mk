# Benchmark (README, "Benchmarks"): generator, full dbt build, peak memory, slowest models
# and tests, the lower bound (the same compiled SQL in one DuckDB session) and the
# production refresh (`make refresh`) after one appended day, per scale; medians of
# BENCH_RUNS runs.
#
#   make bench        scales 1 and 10 into benchmarks/ (README.md, results.json, SVG)
#   make bench-large  scale 30, merged into the same report
#   make bench-report regenerate benchmarks/README.md and the SVG from results.json
#
# BENCH_NOTE="..." adds a line to the report (e.g. that the machine was shared).
# BENCH_LOWER_BOUND=0 skips the lower bound (a long before/after comparison); the report
# then says "not measured" for it.
# BENCH_COMPARE=path/to/results.json BENCH_COMPARE_LABEL="before (d05fcca)" adds a
# before-and-after table per scale to the report (these results as "after").
# DuckDB settings come from the same variables as profiles.yml: DBT_THREADS,
# DUCKDB_MEMORY_LIMIT, DUCKDB_TEMP_DIR (default: inside the scratch folder).
# Scratch data (raw files, warehouses) go to BENCH_WORK and are removed after each run.

BENCH_OUT ?= $(CURDIR)/benchmarks
BENCH_WORK ?= $(CURDIR)/build/bench
BENCH_RUNS ?= 3
BENCH_NOTE ?=
BENCH_LOWER_BOUND ?= 1
BENCH_COMPARE ?=
BENCH_COMPARE_LABEL ?= before
# A build or refresh slower than this is stopped; the report names the model that was
# running.
BENCH_TIMEOUT ?= 1800
BENCH_REPORT_ARGS = --out $(BENCH_OUT) $(if $(BENCH_NOTE),--note "$(BENCH_NOTE)") \
	$(if $(BENCH_COMPARE),--compare "$(BENCH_COMPARE)" \
	--compare-label "$(BENCH_COMPARE_LABEL)")
BENCH := $(BIN)/python -m sales_warehouse.bench --runs $(BENCH_RUNS) \
	--timeout $(BENCH_TIMEOUT) --work-dir $(BENCH_WORK) $(BENCH_REPORT_ARGS) \
	$(if $(filter 0,$(BENCH_LOWER_BOUND)),--skip-lower-bound)

.PHONY: bench bench-large bench-report

# The bench's DuckDB temp folder is its own, not the developer's data/duckdb_tmp.
bench bench-large: export DUCKDB_TEMP_DIR := $(BENCH_WORK)/duckdb_tmp

bench: install
	$(BENCH) --scales 1 10

bench-large: install
	$(BENCH) --scales 30

bench-report: install
	$(BIN)/python -m sales_warehouse.bench --report-only $(BENCH_REPORT_ARGS)
