# Spark target (README, "Running on Spark").
#
#   make spark-install  add dbt-spark[session] + pyspark (requirements-spark.txt) to .venv
#   make test-spark     parity test: a small generated dataset built on DuckDB and on
#                       Spark (session, local[2]); every public mart compared row for row
#   make spark-build    dbt build of RAW_DATA_DIR on the `spark` target (SPARK_DIR)
#
# Java 17: `make java` installs Debian's runtime when missing; JAVA_HOME is derived
# from `java` when unset.

SPARK_DIR ?= $(CURDIR)/data/spark
SPARK_PARITY_SCALE ?= 0.05
JAVA_HOME ?= $(shell dirname $$(dirname $$(readlink -f $$(command -v java))) 2>/dev/null)
export JAVA_HOME

.PHONY: spark-install test-spark spark-build java

spark-install: $(VENV)/.spark-installed

$(VENV)/.spark-installed: requirements-spark.txt requirements-spark.lock $(VENV)/.installed
	@command -v java >/dev/null || $(MAKE) --no-print-directory java
	@command -v java >/dev/null || { echo "Spark needs Java 17: java not found"; exit 1; }
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-spark.txt \
		-c requirements.lock -c requirements-spark.lock
	touch $@

test-spark: spark-install
	SPARK_PARITY_SCALE=$(SPARK_PARITY_SCALE) $(BIN)/python -m pytest tests/spark -v -s

spark-build: spark-install
	mkdir -p $(SPARK_DIR)
	DBT_TARGET=spark SPARK_WAREHOUSE_DIR=$(SPARK_DIR)/warehouse \
		SPARK_METASTORE_DIR=$(SPARK_DIR)/metastore $(BIN)/dbt build

# Debian's Java 17 runtime for Spark (apt-get, as root), when the machine has no java.
java:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	else \
		echo "java: not installed, and apt-get needs root"; \
	fi
