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

        # --- Projects, team and proposals: a project is a steering subject.
        from projects.models import AllocationRequest, Project
        from projects.services.allocations import allocation_request_apply_decision
        from projects.services.proposals import (
            project_apply_decision,
            project_apply_resubmission,
            project_apply_withdrawal,
        )
        from steering.models import Case
        from steering.subjects import register_subject

        register_subject(
            Case.Kind.PROJECT,
            Project,
            apply_decision=project_apply_decision,
            apply_withdrawal=project_apply_withdrawal,
            apply_resubmission=project_apply_resubmission,
        )
        register_subject(
            Case.Kind.ALLOCATION,
            AllocationRequest,
            apply_decision=allocation_request_apply_decision,
            decision_terms=AllocationDecisionTerms,
        )

        # --- Similar work and openings
