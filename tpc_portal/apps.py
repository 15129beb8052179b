from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    name = "tpc_portal"
    verbose_name = "TPC Portal"


class PortalAdminConfig(AdminConfig):
    default = False
    default_site = "tpc_portal.admin.PortalAdminSite"
