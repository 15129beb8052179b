"""Shared fixtures of the working-group tests: build data through tests/factories.py."""

# --- Groups, membership and leads: the committee that charters groups, and logging in.
from tests.steering.conftest import committee, login  # noqa: F401
