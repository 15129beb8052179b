"""`make bench` imports each benchmark by name when it runs: one that no longer imports
(a name moved out of bench/harness.py in a merge) fails only then, on the machine that
measures. Importing them all here fails on the next `make test` instead."""

import importlib
import pkgutil

import pytest

import bench


@pytest.mark.parametrize(
    "name", sorted(module.name for module in pkgutil.iter_modules(bench.__path__))
)
def test_every_benchmark_module_imports(name):
    importlib.import_module(f"bench.{name}")
