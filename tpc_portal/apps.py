from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    name = "tpc_portal"
    verbose_name = "TPC Portal"

    def ready(self) -> None:
        # The schema extensions register themselves on import.
        from tpc_portal import schema  # noqa: F401


class PortalAdminConfig(AdminConfig):
    default = False
    default_site = "tpc_portal.admin.PortalAdminSite"
