"""Affiliation requests and relayed contact messages."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.institutions import Institution
from members.models.profiles import Profile


class AffiliationRequest(models.Model):
    """A person asks to be confirmed as belonging to an institution."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Only a pending request changes, and only once.
    STATUS_TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.PENDING: {Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN},
    }

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    message = models.TextField(_("message to the representative"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("affiliation request")
        verbose_name_plural = _("affiliation requests")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(status="pending"),
                name="affiliation_one_pending_per_profile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.institution}"


class ContactMessage(models.Model):
    """A message relayed from one person to another; the record behind the daily limit."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_messages_received"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    created = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created"]
        indexes = [models.Index(fields=["sender", "created"], name="contact_sender_created")]

    def __str__(self) -> str:
        return self.subject
