"""The allocation tests build their data through tests/factories.py (no fixtures here)."""
