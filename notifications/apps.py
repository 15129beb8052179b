from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every app's notices.py declares its kinds; load them all so the registry is whole.
        autodiscover_modules("notices")
        checks.register(retries_fit_the_visibility_timeout)


def retries_fit_the_visibility_timeout(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A retry waiting longer than Redis's visibility timeout would run on a second worker."""
    from django.conf import settings

    from notifications import services

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    timeout = options.get("visibility_timeout", 3600)
    if timeout <= services.EMAIL_RETRY_CAP:
        return [
            checks.Error(
                f"Notification e-mail retries wait up to {services.EMAIL_RETRY_CAP} s, not "
                f"below the broker's visibility timeout ({timeout} s).",
                hint="Raise visibility_timeout, or lower EMAIL_RETRY_CAP in "
                "notifications/services/sending.py.",
                id="notifications.E001",
            )
        ]
    return []
