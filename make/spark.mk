# Spark target (README, "Running on Spark").
#
#   make spark-install  add dbt-spark[session] + pyspark (requirements-spark.txt) to .venv
#   make test-spark     parity test: a small generated dataset built on DuckDB and on
#                       Spark (session, local[2]); every public mart compared row for row
#   make spark-build    dbt build of RAW_DATA_DIR on the `spark` target (SPARK_DIR)
#
# Java 17 must be installed (java -version); JAVA_HOME is derived from `java` when unset.

SPARK_DIR ?= $(CURDIR)/data/spark
SPARK_PARITY_SCALE ?= 0.05
JAVA_HOME ?= $(shell dirname $$(dirname $$(readlink -f $$(command -v java))) 2>/dev/null)
export JAVA_HOME

.PHONY: spark-install test-spark spark-build

spark-install: $(VENV)/.spark-installed

$(VENV)/.spark-installed: requirements-spark.txt requirements-spark.lock $(VENV)/.installed
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
