from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Steering committee")

    def ready(self) -> None:
        # Declare the audit verbs and notice kinds; register the system check.
        from steering import audit, checks, notices  # noqa: F401
        from steering.models import Case, MembershipApplication
        from steering.services.membership import (
            membership_application_apply_decision,
            membership_application_apply_withdrawal,
        )
        from steering.subjects import register_subject

        # The first kind of case, built here; other apps register theirs in their ready().
        register_subject(
            Case.Kind.MEMBERSHIP,
            MembershipApplication,
            apply_decision=membership_application_apply_decision,
            apply_withdrawal=membership_application_apply_withdrawal,
        )
