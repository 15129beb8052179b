from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workinggroups.models.groups import WorkingGroup
from workinggroups.models.meetings import Meeting


class ActionItem(models.Model):
    """Something a group member agreed to do, usually at a meeting.

    `due_reminded` and `overdue_reminded` hold the due date each reminder was sent for, so
    that each is sent once, and again after the due date changes.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("from the meeting"),
    )
    text = models.TextField(_("what"), max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    done = models.DateTimeField(null=True, blank=True)
    due_reminded = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "status"], name="action_owner_status")]

    def __str__(self) -> str:
        return self.text[:80]
