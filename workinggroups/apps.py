from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        # Declare the audit verbs and notice kinds.
        from workinggroups import audit, notices  # noqa: F401
