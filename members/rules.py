"""Loaded by rules' autodiscovery: registers the members app's object permissions."""

from members import permissions  # noqa: F401 - importing it registers the permissions
