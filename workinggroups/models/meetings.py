import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tpc_portal.timezones import validate_time_zone
from workinggroups.models.groups import WorkingGroup


def _uid() -> str:
    return str(uuid.uuid4())


class Series(models.Model):
    """Meetings that repeat by a rule kept in the organiser's local time and zone.

    `rule` is an RFC 5545 RRULE without DTSTART (e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
    the first occurrence is `first_day` at `local_time` in `time_zone`, and every occurrence
    keeps that wall-clock time across daylight-saving changes. When `alternate_time` is set,
    every second occurrence is held at it instead, so that the same people are not always
    up at night. Occurrences are stored as Meetings up to `generated_until` (a rolling
    horizon that a periodic task extends); splitting a series ("this and following") ends
    this one with `until` and starts another with `split_from` set.
    """

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="series", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(_("repeats"), max_length=200)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    first_day = models.DateField(_("first meeting"))
    local_time = models.TimeField(_("time"))
    alternate_time = models.TimeField(_("alternate time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    until = models.DateField(_("last day"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    agenda = models.TextField(_("standing agenda"), max_length=20000, blank=True)
    uid = models.CharField(max_length=64, unique=True, default=_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    generated_until = models.DateTimeField(null=True, blank=True, editable=False)
    split_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["group", "first_day"]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """One meeting of a group, alone or an occurrence of a series.

    `start` is stored in UTC; `time_zone` is the organiser's zone, in which the time was
    entered and is shown beside the reader's own. An occurrence keeps `occurrence`, the
    start its series' rule gave it (the RECURRENCE-ID), even when it is moved;
    `detached` marks one changed on its own, so that a change to the whole series leaves
    it be. `sequence` goes up on every change a calendar program must see. `reminded_for`
    is the start the 24-hour reminder was sent for: moving the meeting re-arms it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    occurrence = models.DateTimeField(null=True, blank=True, editable=False)
    detached = models.BooleanField(default=False, editable=False)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    location = models.CharField(_("location"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=20000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    uid = models.CharField(max_length=64, unique=True, default=_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="one_meeting_per_occurrence"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "start"], name="meeting_group_start"),
            models.Index(fields=["status", "start"], name="meeting_status_start"),
            # The meetings API lists in this order: a page is read off the index and
            # stops at its last row, where it sorted every visible meeting before.
            models.Index(fields=["start", "id"], name="meeting_start_id"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who was at a meeting, recorded by a lead afterwards."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attended_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user_id}"
