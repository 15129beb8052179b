from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tpc_portal.timezones import validate_time_zone


class Event(models.Model):
    """A hackathon, workshop, seminar, site visit, summer school, tutorial or conference.

    Who holds a place is in `Registration`; every change to who holds one happens on this
    row, locked (events/services/registration.py), which is why `arrivals` lives here: the
    number of the next person to arrive, handed out under the lock, orders the waitlist.
    """

    class Kind(models.TextChoices):
        HACKATHON = "hackathon", _("Hackathon")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        SITE_VISIT = "site_visit", _("Site visit")
        SUMMER_SCHOOL = "summer_school", _("Summer school")
        TUTORIAL = "tutorial", _("Tutorial")
        CONFERENCE = "conference", _("Conference")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members of the consortium")
        EARLY_CAREER = "students_postdocs", _("Students and postdocs of member institutions")

    class Mode(models.TextChoices):
        FIRST_COME = "first_come", _("First come: places go in order of registration")
        APPLICATIONS = "applications", _("Applications: the organisers choose")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("event", "Published")
        CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(
        _("description"), max_length=20000, blank=True, help_text=_("Markdown.")
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The zone of the event's place; times are entered in it."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_link = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to the people registered."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), default=timezone.now)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the event starts."),
    )
    audience = models.CharField(
        _("open to"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    mode = models.CharField(
        _("registration"), max_length=12, choices=Mode.choices, default=Mode.FIRST_COME
    )
    # Seats fair across institutions: at most `institution_cap` people of one institution
    # hold a place until `cap_until`; past the cap they wait even while places are free,
    # and at `cap_until` the cap lifts and the waitlist moves up in order.
    institution_cap = models.PositiveSmallIntegerField(
        _("places per institution"),
        null=True,
        blank=True,
        help_text=_("At most this many people of one institution, until the date below."),
    )
    cap_until = models.DateTimeField(_("places per institution until"), null=True, blank=True)
    cap_released = models.BooleanField(default=False, editable=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="events_organised", verbose_name=_("organisers")
    )
    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising working group"),
    )
    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising institution"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The next arrival's number (see the class's docstring).
    arrivals = models.PositiveIntegerField(default=0, editable=False)
    # The iCalendar SEQUENCE: raised whenever the time, the place or the status changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The start the day-before reminder was sent for (as Meeting.reminded_for).
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(institution_cap__isnull=True)
                | models.Q(cap_until__isnull=False),
                name="event_cap_has_release",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="event_status_start")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("An event ends after it starts.")
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and closes <= opens:
            errors["registration_closes"] = _("Registration closes after it opens.")
        if self.institution_cap is not None and self.cap_until is None:
            errors["cap_until"] = _("Say until when the places per institution are limited.")
        if self.format != self.Format.IN_PERSON and not self.online_link:
            errors["online_link"] = _("A virtual or hybrid event needs its online link.")
        if self.format != self.Format.VIRTUAL and not self.venue:
            errors["venue"] = _("An event held in person needs its venue.")
        if errors:
            raise ValidationError(errors)

    @property
    def closes(self):
        """When registration closes: its own date, or the start."""
        return self.registration_closes or self.start

    def cap_active(self, now) -> bool:
        return (
            self.institution_cap is not None and self.cap_until is not None and now < self.cap_until
        )


class Question(models.Model):
    """A question the organisers ask everyone who registers (dietary needs, motivation)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One of several answers")
        YES_NO = "yes_no", _("Yes or no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        _("kind of answer"), max_length=8, choices=Kind.choices, default=Kind.TEXT
    )
    label = models.CharField(_("question"), max_length=300)
    choices = models.TextField(
        _("answers to choose from"), blank=True, help_text=_("One per line (for a choice).")
    )
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and len(self.options) < 2:
            raise ValidationError(
                {"choices": _("Give at least two answers to choose from, one per line.")}
            )

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
