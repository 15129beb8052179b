"""iCalendar (RFC 5545) files of meetings, for "add to my calendar" and calendar feeds.

Build `CalendarEvent`s, turn them into bytes with `calendar_bytes(events, name=...)` and
send them with `ics_response(data, filename)`. Over the `icalendar` package, which does
the escaping (commas, semicolons, backslashes, newlines), the line folding and the
VTIMEZONE components.

What the file promises a calendar program:

- Start and end are written in the organiser's zone (`DTSTART;TZID=Europe/Berlin:...`)
  with a VTIMEZONE for each zone used, so a weekly meeting stays at 15:00 Berlin time
  across a daylight-saving change, and every reader's program shows it in their own zone.
- DTSTAMP is the moment the file was made, in UTC (METHOD:PUBLISH asks for that).
- The UID must be stable for the life of the meeting (e.g. `event-42@<host>`), and the
  SEQUENCE must go up by one whenever the meeting is rescheduled or cancelled: that is
  how a calendar program knows a newer copy replaces the one it holds. A cancelled
  meeting stays in the file with STATUS:CANCELLED so that programs remove it.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from icalendar import Calendar, Event, Timezone

PRODID = "-//Trillion Parameter Consortium//TPC Portal//EN"


class EventStatus(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


class Frequency(enum.StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


@dataclass(frozen=True, kw_only=True)
class Recurrence:
    """An RRULE: every `interval` `frequency` units, `count` times or until `until`.

    Occurrences repeat the first one's wall-clock time in the organiser's zone.
    """

    frequency: Frequency
    interval: int = 1
    count: int | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        if self.interval < 1:
            raise ValueError("interval must be at least 1")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1")
        if self.count is not None and self.until is not None:
            raise ValueError("a recurrence ends by count or by until, not both (RFC 5545)")
        if self.until is not None:
            _require_aware(self.until, "until")

    def as_rrule(self) -> dict[str, object]:
        rule: dict[str, object] = {"FREQ": self.frequency.value}
        if self.interval != 1:
            rule["INTERVAL"] = self.interval
        if self.count is not None:
            rule["COUNT"] = self.count
        if self.until is not None:
            # With a zoned DTSTART, UNTIL must be given in UTC (RFC 5545, 3.3.10).
            rule["UNTIL"] = self.until.astimezone(UTC)
        return rule


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    """One meeting, or one series of meetings, as a calendar program should see it."""

    uid: str
    start: datetime
    end: datetime
    time_zone: str
    title: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    status: EventStatus = EventStatus.CONFIRMED
    recurrence: Recurrence | None = None
    # Occurrences of the series that will not take place (EXDATE).
    excluded: tuple[datetime, ...] = ()

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("uid must not be empty")
        _require_aware(self.start, "start")
        _require_aware(self.end, "end")
        for moment in self.excluded:
            _require_aware(moment, "excluded")
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            # An unknown zone fails here, not later in someone's calendar program.
            raise ValueError(f"unknown time zone {self.time_zone!r}") from error

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def last_day(self) -> date:
        """The last day the event touches, as far as can be known (for the VTIMEZONE)."""
        if self.recurrence is None:
            return self.end.astimezone(self.zone).date()
        if self.recurrence.until is not None:
            return max(self.end, self.recurrence.until).astimezone(self.zone).date()
        return Timezone.DEFAULT_LAST_DATE


def _vevent(event: CalendarEvent, *, stamp: datetime) -> Event:
    zone = event.zone
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    vevent.add("summary", event.title)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("sequence", event.sequence)
    vevent.add("status", event.status.value)
    if event.recurrence is not None:
        vevent.add("rrule", event.recurrence.as_rrule())
    if event.excluded:
        vevent.add("exdate", [moment.astimezone(zone) for moment in event.excluded])
    return vevent


def calendar_bytes(
    events: Iterable[CalendarEvent], *, name: str, stamp: datetime | None = None
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding `events`, with a VTIMEZONE for each zone used.

    `name` is the calendar's title in the reader's program. `stamp` (default: now) is the
    DTSTAMP of every event.
    """
    stamp = stamp or timezone.now()
    _require_aware(stamp, "stamp")
    events = list(events)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, stamp=stamp))
    if events:
        # A VTIMEZONE lists the zone's transitions between these days; a week either side
        # keeps a meeting near a transition on the right side of it.
        first_day = min(event.start.astimezone(event.zone).date() for event in events)
        last_day = max(event.last_day() for event in events)
        calendar.add_missing_timezones(
            first_date=first_day - timedelta(days=7), last_date=last_day + timedelta(days=7)
        )
    return calendar.to_ical()


def ics_response(data: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    """The calendar bytes as a `text/calendar` download named `filename` (end it in .ics).

    `as_attachment=False` for a feed that calendar programs subscribe to.
    """
    disposition = content_disposition_header(as_attachment, filename)
    headers = {"Content-Disposition": disposition} if disposition else {}
    return HttpResponse(data, content_type="text/calendar; charset=utf-8", headers=headers)
