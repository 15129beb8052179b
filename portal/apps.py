from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalRootConfig(AppConfig):
    """The composition root as an app, for its management command (`seed_demo`)."""

    name = "portal"
    verbose_name = "TPC Portal composition root"


class PortalAdminConfig(AdminConfig):
    default = False
    default_site = "portal.admin.PortalAdminSite"
