from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # Declare the audit verbs and notice kinds.
        from projects import audit, notices  # noqa: F401

        # --- Projects, team and proposals: a project is a steering subject.
        from projects.models import Project
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

        # --- Similar work and openings
