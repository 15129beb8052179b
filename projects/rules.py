"""Loaded by rules' autodiscovery: registers the projects' object permissions."""

from projects import permissions  # noqa: F401 - importing it registers the permissions
