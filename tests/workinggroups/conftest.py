"""Shared fixtures of the working-group tests: build data through tests/factories.py."""
