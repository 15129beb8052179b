from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Declare the audit verbs and notice kinds.
        from events import audit, notices  # noqa: F401

        _register_calendar_feed()


def _register_calendar_feed() -> None:
    """The events a person holds a place at or organises, in their personal calendar feed
    (tpc_portal/feeds.py)."""
    from events.calendars import feed_events, feed_version
    from tpc_portal.feeds import register_feed_source

    register_feed_source("events", feed_events, feed_version)
