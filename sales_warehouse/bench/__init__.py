"""Benchmark harness of the warehouse (README, "Benchmarks")::

    python -m sales_warehouse.bench --scales 1 10 --runs 3 --out benchmarks/

Per scale of the demo generator: generator time, full ``dbt build`` wall time and peak
memory, the slowest models and tests, the lower bound (the same compiled SQL in one
DuckDB session, ``lower_bound``; ``--skip-lower-bound`` skips it) and the production
refresh (``make refresh``) after one appended day. ``--compare`` adds a before-and-after
table against another results.json.
Every figure is a median over the runs with min and max. Modules: ``measure`` (one
measured child process, machine info), ``runner`` (the runs), ``lower_bound``,
``stats`` (medians, slope), ``report`` (results.json, README.md, SVG).
"""
