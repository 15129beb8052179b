"""Loaded by rules' autodiscovery: registers the working groups' object permissions."""

from workinggroups import permissions  # noqa: F401 - importing it registers the permissions
