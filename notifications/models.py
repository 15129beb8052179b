from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from notifications import kinds
from notifications.kinds import Delivery
from notifications.rendering import Rendered, render_notice


class EmailState(models.TextChoices):
    """What happens to a notice's e-mail.

    Transitions, enforced by the services: PENDING → SENT, or → FAILED (a permanent refusal
    or too many transient ones), or → SKIPPED (the person turned the kind off); DIGEST → SENT
    (in a digest), or → SKIPPED; FAILED → PENDING when staff retry it. SENT and SKIPPED are
    final.
    """

    SKIPPED = "skipped", _("No e-mail")
    PENDING = "pending", _("Waiting to be sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One notice to one person: always in the inbox; the row is also the record of its
    e-mail, so that a notice is e-mailed at most once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=64)
    # What the notice says, as data: its title and text are rendered from the kind and this
    # context when it is shown, in the reader's language (see notifications/rendering.py).
    # Null on notices created before it was kept: they show the stored title and text.
    context = models.JSONField(_("context"), null=True, blank=True, editable=False)
    # The title and text as first rendered, in the recipient's language then: shown only
    # where the context cannot be (a notice older than it, or of a kind since removed).
    title = models.CharField(pgettext_lazy("notice", "title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where replies to the e-mail go, e.g. the sender of a relayed contact message.
    reply_to = models.CharField(_("reply to"), max_length=320, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=16, choices=EmailState.choices, default=EmailState.SKIPPED
    )
    # When the e-mail was last handed to the queue, or when its next retry is due; the sweep
    # re-queues pending e-mails whose hand-over is long past (a lost task or broker outage).
    email_queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    email_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notif_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread"
            ),
            models.Index(
                fields=["email_state", "created"],
                condition=Q(email_state__in=["pending", "digest"]),
                name="notif_email_queue",
            ),
            models.Index(
                fields=["-created"], condition=Q(email_state="failed"), name="notif_email_failed"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def rendered(self) -> Rendered:
        """Title and text in the active language, rendered once per language and instance."""
        language = translation.get_language() or ""
        cache: dict[str, Rendered] = self.__dict__.setdefault("_rendered", {})
        if language not in cache:
            kind = kinds.get_or_none(self.kind)
            if kind is None or self.context is None:
                cache[language] = Rendered(self.title, self.body)
            else:
                cache[language] = render_notice(kind, self.context)
        return cache[language]

    @property
    def display_title(self) -> str:
        return self.rendered().title

    @property
    def display_body(self) -> str:
        return self.rendered().body

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        kind = kinds.get_or_none(self.kind)
        return str(kind.label) if kind else self.kind


class NotificationPreference(models.Model):
    """A person's choice of delivery for one kind; absent means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"


class Digest(models.Model):
    """The record of one person's daily digest: at most one per person and day, so that a
    digest run repeated the same day sends nothing twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    notice_count = models.PositiveIntegerField(_("notices"))

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="notif_digest_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.day}"
