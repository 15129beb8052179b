from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # Declare the audit verbs and notice kinds.
        from projects import audit, notices  # noqa: F401

        # --- Allocations: requests for machine time go before the committee; its decision
        # carries the amount granted.
        from projects.allocation_forms import AllocationDecisionTerms
        from projects.models import AllocationRequest
        from projects.services.allocations import allocation_request_apply_decision
        from steering.models import Case
        from steering.subjects import register_subject

        register_subject(
            Case.Kind.ALLOCATION,
            AllocationRequest,
            apply_decision=allocation_request_apply_decision,
            decision_terms=AllocationDecisionTerms,
        )
