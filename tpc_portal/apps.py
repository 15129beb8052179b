from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tpc_portal"
    verbose_name = "TPC Portal"

    def ready(self) -> None:
        # The schema extensions register themselves on import, and the calendar feed
        # declares its audit verbs.
        from tpc_portal import feeds, schema  # noqa: F401
