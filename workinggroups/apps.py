from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        # Declare the audit verbs and notice kinds; register the charter case.
        from steering.models import Case
        from steering.subjects import register_subject
        from workinggroups import audit, notices  # noqa: F401
        from workinggroups.models import WorkingGroup
        from workinggroups.services.charter import (
            working_group_apply_decision,
            working_group_apply_withdrawal,
        )

        # A proposed group goes before the steering committee as a "working-group charter".
        register_subject(
            Case.Kind.CHARTER,
            WorkingGroup,
            apply_decision=working_group_apply_decision,
            apply_withdrawal=working_group_apply_withdrawal,
        )

        _register_calendar_feed()


def _register_calendar_feed() -> None:
    """The groups' meetings in each member's personal calendar feed (tpc_portal/feeds.py)."""
    from tpc_portal.feeds import register_feed_source
    from workinggroups.calendars import feed_events, feed_version

    register_feed_source("workinggroups", feed_events, feed_version)
