"""The base's models: the portal's audit trail (tpc_portal/audit.py) and the secret of each
person's calendar feed (tpc_portal/feeds.py)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change made by a service: who, when, to what, which verb, from and to.

    Written by `audit_record()` inside the transaction of the change itself, so there is no
    change without its entry. Append-only: an entry is never changed once written. It
    stores data (status values, ISO times, names), never sentences: the verb's template
    puts it into words in the reader's language when it is shown.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    verb = models.CharField(_("what"), max_length=64)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    # What else the sentence needs, e.g. the seat a review entry is about.
    context = models.JSONField(_("context"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "at"], name="audit_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("The audit trail is append-only: an entry is never changed.")
        super().save(*args, **kwargs)


class CalendarFeedToken(models.Model):
    """The secret in the address of a person's private calendar feed (tpc_portal/feeds.py).

    Only its SHA-256 is stored, so the address is shown once, when it is made, like an API
    key; making a new one replaces the old, which stops working at once. `last_used` is
    kept to the hour (a calendar program reads a feed every few minutes).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("made"), default=timezone.now)
    last_used = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created:%Y-%m-%d}"
