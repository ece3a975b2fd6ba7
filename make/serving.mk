# Serving the marts: dashboard, safe refresh, docs, screenshots, semantic layer.
#
#   make dashboard          Streamlit app on localhost:$(DASHBOARD_PORT), read-only
#   make refresh            build into a new warehouse file, dbt tests + GX suites,
#                           swap in atomically (previous kept as <name>.previous.duckdb)
#   make rollback           swap the previous warehouse back in
#   make docs               dbt docs (static) + KPI dictionary into build/docs/
#   make screenshots        serve the app, a screenshot per page in build/screenshots/
#   make digest             every rep's and manager's daily digest (Markdown, HTML) in
#                           build/digests/; sent by SMTP when DIGEST_SMTP_HOST is set
#   make scheduled-refresh  what the scheduler runs: refresh, digest, docs, screenshots
#   make metrics METRICS=win_rate GROUP_BY=metric_time__fiscal_quarter,team
#                           a MetricFlow query (mf) against the warehouse
#   make chromium           Debian's Chromium for the browser test (apt-get, as root)

DASHBOARD_PORT ?= 8501
BUILD_DIR ?= $(CURDIR)/build
CHROMIUM ?= /usr/bin/chromium
METRICS ?= bookings,win_rate
GROUP_BY ?= metric_time__fiscal_quarter,team

.PHONY: dashboard refresh rollback docs screenshots scheduled-refresh metrics chromium \
	digest

dashboard: install
	@test -f $(DUCKDB_PATH) \
		|| { echo "No warehouse at $(DUCKDB_PATH): run make build first"; exit 1; }
	PYTHONPATH=$(CURDIR) $(BIN)/streamlit run sales_warehouse/dashboard/app.py \
		--server.headless true --server.port $(DASHBOARD_PORT) \
		--browser.gatherUsageStats false

refresh: install
	mkdir -p $(dir $(DUCKDB_PATH)) $(DUCKDB_TEMP_DIR) $(BUILD_DIR)
	$(BIN)/python -m sales_warehouse.refresh --build-dir $(BUILD_DIR)

rollback: install
	$(BIN)/python -m sales_warehouse.refresh --rollback

docs: install
	mkdir -p $(BUILD_DIR)/docs
	$(BIN)/python -m sales_warehouse.refresh.docs --out $(BUILD_DIR)/docs

# DIGEST_SMTP_HOST (DIGEST_SMTP_PORT, DIGEST_FROM) set: each digest is mailed to the
# rep's email in dim_reps; unset: only written.
digest: install
	@test -f $(DUCKDB_PATH) \
		|| { echo "No warehouse at $(DUCKDB_PATH): run make build first"; exit 1; }
	$(BIN)/python -m sales_warehouse.digest --out $(BUILD_DIR)/digests

screenshots: install chromium
	$(BIN)/python -m sales_warehouse.dashboard.screenshots --out $(BUILD_DIR)/screenshots

# The scheduled job (.github/workflows/scheduled-refresh.yml runs exactly this): a
# refresh that fails stops here and leaves the live warehouse serving (and sends no
# digest); after a successful swap the digest goes out from the new warehouse.
scheduled-refresh: install
	$(MAKE) refresh
	$(MAKE) digest
	$(MAKE) docs
	$(MAKE) screenshots
	@echo "artifacts: $(BUILD_DIR)/docs $(BUILD_DIR)/data_docs $(BUILD_DIR)/screenshots" \
		"$(BUILD_DIR)/digests"

# mf reads target/semantic_manifest.json (written by any dbt command) and opens the
# warehouse through the dbt adapter, here with the read-only `duckdb_readonly` output
# of profiles.yml, so it runs beside a dashboard.
metrics: install
	$(BIN)/dbt parse --quiet
	DBT_TARGET=duckdb_readonly $(BIN)/mf query --metrics $(METRICS) --group-by $(GROUP_BY)

# Debian's Chromium for the real-browser dashboard test (Playwright drives it; it never
# downloads a browser). Without root or apt the test skips and says why.
chromium:
	@if [ -x $(CHROMIUM) ]; then \
		echo "chromium: $(CHROMIUM) present"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium: apt-get install failed; the browser test will be skipped"; \
	else \
		echo "chromium: not installed, apt-get needs root: the browser test skips"; \
	fi

# The test suite includes the browser test: make sure the browser is there first.
test: chromium
