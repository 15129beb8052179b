from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.models.cases import Case


class Reminder(models.Model):
    """A deadline reminder that was sent: the record that makes sending it idempotent."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("Review due")
        VOTE = "vote", _("Vote closing")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # A moved deadline deserves a reminder of its own.
    due = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "recipient", "due"], name="reminder_once_per_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id} → {self.recipient_id}"
