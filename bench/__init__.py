"""Benchmarks of the portal: `make bench` (that is, `python -m bench`).

The contract, kept small on purpose:

- A benchmark is a module `bench/bench_<area>.py` (e.g. `bench_directory_search.py`).
- It exposes `run() -> list[Measurement]`, where a measurement is a plain tuple
  `(name, value, unit)`, e.g. `("notify 500 recipients", 41.7, "ms")`.
- `run()` does its own setup (Django, data) and cleanup; it must not touch a database it did
  not create. It reads the environment like the app does, so pointing DATABASE_URL at
  PostgreSQL measures PostgreSQL.
- The runner imports every module in name order, calls `run()`, and prints one table. A
  module that raises is reported and makes the run exit non-zero; the others still run.

`python -m bench NAME ...` runs only the modules whose name contains one of the NAMEs.
"""

Measurement = tuple[str, float, str]
