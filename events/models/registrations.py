from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.events import Event


class Registration(models.Model):
    """A person's one registration for an event (a database constraint), in whatever state
    it is: holding a place, waiting, applying, declined or cancelled.

    A cancelled registration keeps its row: registering again reuses it, with a new
    arrival number (at the end of the line). `arrival` is the event's counter when the
    person last arrived; the waitlist is ordered by it, so a position is the number of
    people waiting with a smaller one, plus one.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Not accepted")
        CANCELLED = "cancelled", _("Cancelled")

    # The states that hold a place, and those that still count as taking part.
    HOLDS_PLACE = (Status.REGISTERED,)
    ACTIVE = (Status.REGISTERED, Status.WAITLISTED, Status.APPLIED)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    arrival = models.PositiveIntegerField(_("arrival"))
    # The person's institution when they registered: what the per-institution cap counts.
    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    # Question id (as text) -> the answer as given.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created = models.DateTimeField(_("registered"), default=timezone.now)
    changed = models.DateTimeField(_("last change"), default=timezone.now)
    checked_in = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "arrival"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person"),
            models.UniqueConstraint(
                fields=["event", "arrival"], name="registration_arrival_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "arrival"], name="registration_line"),
            models.Index(fields=["user", "status"], name="registration_user_status"),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_status_display()}"
