from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import ExpertiseArea
from projects.models.projects import Project


class Opening(models.Model):
    """A position on a project for a student, a postdoc or an engineer."""

    class Position(models.TextChoices):
        STUDENT = "student", _("Student")
        POSTDOC = "postdoc", _("Postdoc")
        ENGINEER = "engineer", _("Engineer")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("opening", "Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="openings")
    position = models.CharField(
        pgettext_lazy("opening", "position"), max_length=8, choices=Position.choices
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    deadline = models.DateField(_("apply by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "deadline"], name="opening_status_deadline")]

    def __str__(self) -> str:
        return self.title


class OpeningSubscription(models.Model):
    """A researcher asks to hear of new openings: of these positions, in these areas (any
    area when none is chosen)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opening_subscription"
    )
    positions = models.JSONField(_("positions"), default=list)
    areas = models.ManyToManyField(ExpertiseArea, blank=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("openings subscription")
        verbose_name_plural = _("openings subscriptions")

    def __str__(self) -> str:
        return str(self.user_id)
