"""Synthetic projects for benchmarks. Never load this into production."""
