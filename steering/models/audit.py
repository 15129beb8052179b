from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.models.cases import Case
from steering.models.seats import Seat


class AuditEntry(models.Model):
    """One change made by a steering service: who, when, what, from and to.

    Written in the transaction of the change itself, so there is no change without its entry.
    """

    class Action(models.TextChoices):
        SEAT_CREATED = "seat.created", _("Seat created")
        SEAT_UPDATED = "seat.updated", _("Seat changed")
        CASE_SUBMITTED = "case.submitted", _("Submitted")
        CASE_REVIEW_STARTED = "case.review_started", _("Review started")
        CASE_RESUBMITTED = "case.resubmitted", _("Resubmitted after revision")
        CASE_WITHDRAWN = "case.withdrawn", _("Withdrawn")
        CASE_DECIDED = "case.decided", _("Decided")
        REVIEW_ASSIGNED = "review.assigned", _("Reviewer assigned")
        REVIEW_SUBMITTED = "review.submitted", _("Review submitted")
        REVIEW_UPDATED = "review.updated", _("Review changed")
        REVIEW_CANCELLED = "review.cancelled", _("Review assignment cancelled")
        CONFLICT_DECLARED = "conflict.declared", _("Conflict of interest declared")
        BALLOT_OPENED = "ballot.opened", _("Vote opened")
        BALLOT_EXTENDED = "ballot.extended", _("Vote extended")
        BALLOT_CLOSED = "ballot.closed", _("Vote closed")
        VOTE_CAST = "vote.cast", _("Vote cast")
        VOTE_CANCELLED = "vote.cancelled", _("Vote cancelled")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    seat = models.ForeignKey(
        Seat, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.CharField(_("what"), max_length=32, choices=Action.choices)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="audit_case_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


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
