"""Benchmark harness of the warehouse (README, "Benchmarks")::

    python -m sales_warehouse.bench --scales 1 10 --runs 3 --out benchmarks/

Per scale of the demo generator: generator time, full ``dbt build`` wall time and peak
memory, the slowest models and tests, an incremental refresh after one appended day,
and the lower bound (the same compiled SQL in one DuckDB session, ``lower_bound``).
Every figure is a median over the runs with min and max. Modules: ``measure`` (one
measured child process, machine info), ``runner`` (the runs), ``lower_bound``,
``stats`` (medians, slope), ``report`` (results.json, README.md, SVG).
"""
