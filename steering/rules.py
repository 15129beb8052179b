"""Loaded by rules' autodiscovery: registers the steering app's object permissions."""

from steering import permissions  # noqa: F401 - importing it registers the permissions
