from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workinggroups.models.meetings import Meeting


class Minutes(models.Model):
    """A meeting's minutes: the newest of their revisions, and where they stand.

    draft -> published -> approved (by a lead; approved minutes are locked). Every save
    of changed text adds a revision; a save made from a revision other than the newest is
    refused, never a silent overwrite.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        APPROVED = "approved", _("Approved")

    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.APPROVED},
        Status.APPROVED: set(),
    }

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("minutes"), max_length=100000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    published = models.DateTimeField(null=True, blank=True)
    approved = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class MinutesRevision(models.Model):
    """One saved text of the minutes, kept forever."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=100000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} · {self.number}"
