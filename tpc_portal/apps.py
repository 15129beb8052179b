from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tpc_portal"
    verbose_name = "TPC Portal"

    def ready(self) -> None:
        # The schema extensions register themselves on import.
        from tpc_portal import schema  # noqa: F401
