"""iCalendar (RFC 5545) files of meetings, for "add to my calendar" and calendar feeds.

Build `CalendarEvent`s, turn them into bytes with `calendar_bytes(events, name=...)` and
send them with `ics_response(data, filename)`. Over the `icalendar` package, which does
the escaping (commas, semicolons, backslashes, newlines), the line folding and the
VTIMEZONE components.

What the file promises a calendar program:

- Start and end are written in the organiser's zone (`DTSTART;TZID=Europe/Berlin:...`)
  with a VTIMEZONE for each zone used, so a weekly meeting stays at 15:00 Berlin time
  across a daylight-saving change, and every reader's program shows it in their own zone.
  A moment given in the event's own zone (the same `ZoneInfo`) is written with its
  wall-clock digits as given: a series' first occurrence, an EXDATE or a RECURRENCE-ID
  that its rule put into a spring-forward gap (02:30) keeps the rule's time, which
  RFC 5545 (3.3.5) reads with the offset before the gap.
- DTSTAMP is the moment the file was made, in UTC (METHOD:PUBLISH asks for that).
- The UID must be stable for the life of the meeting (e.g. `event-42@<host>`), and the
  SEQUENCE must go up by one whenever the meeting is rescheduled or cancelled: that is
  how a calendar program knows a newer copy replaces the one it holds. A cancelled
  meeting stays in the file with STATUS:CANCELLED so that programs remove it.
- A series is one event with a `Recurrence` (an RRULE: any rule of RFC 5545, 3.3.10, given
  as the RFC text or as its parts, `Recurrence.parse("FREQ=MONTHLY;BYDAY=-1FR")`), the
  occurrences that will not take place in `excluded` (EXDATE), and each changed occurrence
  as an event of its own with the series' UID and the start the rule gave it
  (`recurrence_id`, the RECURRENCE-ID): a calendar program puts it in place of that
  occurrence. One file never holds two events with the same UID and RECURRENCE-ID.
- A calendar that programs subscribe to (a feed) may say how often to read it again
  (`refresh`: REFRESH-INTERVAL and X-PUBLISHED-TTL).

The rule itself (`Recurrence`, checked part by part) is in recurrence_rules.py and
re-exported here.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from icalendar import Calendar, Event, Timezone, vDuration

from tpc_portal.recurrence_rules import RULE_PARTS, Frequency, Recurrence, require_aware

__all__ = [
    "RULE_PARTS",
    "CalendarEvent",
    "EventStatus",
    "Frequency",
    "Recurrence",
    "calendar_bytes",
    "ics_response",
]

PRODID = "-//Trillion Parameter Consortium//TPC Portal//EN"


class EventStatus(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


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
    # This event replaces the occurrence of the recurring event with the same UID that its
    # rule put at this moment (RECURRENCE-ID), e.g. one meeting of a series moved.
    recurrence_id: datetime | None = None

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("uid must not be empty")
        require_aware(self.start, "start")
        require_aware(self.end, "end")
        for moment in self.excluded:
            require_aware(moment, "excluded")
        if self.recurrence_id is not None:
            require_aware(self.recurrence_id, "recurrence_id")
            if self.recurrence is not None or self.excluded:
                raise ValueError("an occurrence (recurrence_id) cannot recur itself")
        if self.duration <= timedelta(0):
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

    @property
    def duration(self) -> timedelta:
        """How long it lasts, in elapsed time (not wall-clock time across a change)."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    def first_day(self) -> date:
        """The first day the event touches, in its zone (for the VTIMEZONE)."""
        moments = (self.start, *self.excluded, *filter(None, [self.recurrence_id]))
        return min(moments).astimezone(self.zone).date()

    def last_day(self) -> date:
        """The last day the event touches, as far as can be known (for the VTIMEZONE)."""
        moments = (self.end, *self.excluded, *filter(None, [self.recurrence_id]))
        if self.recurrence is None:
            return max(moments).astimezone(self.zone).date()
        if self.recurrence.until is not None:
            return max(*moments, self.recurrence.until).astimezone(self.zone).date()
        return Timezone.DEFAULT_LAST_DATE


# Every event is written with this DTSTAMP, which each file then replaces with its own.
_STAMP_PLACEHOLDER = datetime(1970, 1, 1, tzinfo=UTC)
_STAMP_LINE = b"\r\nDTSTAMP:19700101T000000Z\r\n"


def _vevent(event: CalendarEvent) -> Event:
    zone = event.zone
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _STAMP_PLACEHOLDER)
    if event.recurrence_id is not None:
        vevent.add("recurrence-id", event.recurrence_id.astimezone(zone))
    vevent.add("dtstart", event.start.astimezone(zone))
    if event.recurrence is None:
        vevent.add("dtend", event.end.astimezone(zone))
    else:
        # Every occurrence lasts this long. A DTEND would say it as the wall-clock span of
        # the first occurrence, which some programs misread when that one is beside a
        # daylight-saving change.
        vevent.add("duration", event.duration)
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


def _written(event: CalendarEvent) -> tuple[object, ...]:
    """The wall-clock digits the event's moments are written with. Two events that are
    equal (their moments are the same instants) may still be written differently: a moment
    in the event's own zone keeps its digits (see above)."""
    zone = event.zone
    moments = (event.start, event.end, event.recurrence_id, *event.excluded)
    return tuple(None if m is None else m.astimezone(zone).replace(tzinfo=None) for m in moments)


@lru_cache(maxsize=8192)
def _vevent_bytes(event: CalendarEvent, written: tuple[object, ...]) -> tuple[bytes, bytes]:
    """The event's VEVENT as icalendar writes it, split around its DTSTAMP line.

    Kept (by value) because a feed writes the same events again and again: writing one
    costs about half a millisecond, most of it icalendar's line folding.
    """
    head, tail = _vevent(event).to_ical().split(_STAMP_LINE)
    return head + b"\r\n", tail


def calendar_bytes(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    stamp: datetime | None = None,
    refresh: timedelta | None = None,
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding `events`, with a VTIMEZONE for each zone used.

    `name` is the calendar's title in the reader's program. `stamp` (default: now) is the
    DTSTAMP of every event. `refresh`, for a feed, is how often to read it again.
    Raises ValueError when two events have the same UID and RECURRENCE-ID.

    The file is icalendar's, written in parts: the calendar's own lines, then the
    VTIMEZONEs and VEVENTs, each written once and then reused (`_vtimezone_bytes`,
    `_vevent_bytes`) with this file's DTSTAMP.
    """
    stamp = stamp or timezone.now()
    require_aware(stamp, "stamp")
    events = list(events)
    _refuse_duplicates(events)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    header = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    parts = [header.removesuffix(end)]
    parts.extend(_vtimezone_bytes(*span) for span in _vtimezone_spans(events))
    stamp_line = b"DTSTAMP:" + stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode()
    stamp_line += b"\r\n"
    for event in events:
        head, tail = _vevent_bytes(event, _written(event))
        parts += (head, stamp_line, tail)
    parts.append(end)
    return b"".join(parts)


def _refuse_duplicates(events: list[CalendarEvent]) -> None:
    seen: set[tuple[str, datetime | None]] = set()
    for event in events:
        key = (event.uid, event.recurrence_id)
        if key in seen:
            raise ValueError(f"two events with UID {event.uid!r} replace the same occurrence")
        seen.add(key)


def _vtimezone_spans(events: list[CalendarEvent]) -> list[tuple[str, int, int]]:
    """One VTIMEZONE per zone used (UTC needs none), listing the zone's transitions from a
    week before the first day an event touches to a week after the last, widened to whole
    years so that the same component serves many files."""
    spans: dict[str, tuple[date, date]] = {}
    for event in events:
        if event.time_zone == "UTC":
            continue
        first, last = event.first_day(), event.last_day()
        known = spans.get(event.time_zone)
        if known is not None:
            first, last = min(first, known[0]), max(last, known[1])
        spans[event.time_zone] = (first, last)
    return [
        (
            time_zone,
            (first - timedelta(days=7)).year,
            min((last + timedelta(days=7)).year, Timezone.DEFAULT_LAST_DATE.year),
        )
        for time_zone, (first, last) in sorted(spans.items())
    ]


@lru_cache(maxsize=512)
def _vtimezone_bytes(time_zone: str, first_year: int, last_year: int) -> bytes:
    # Making and writing one costs one to two milliseconds per zone.
    zone = Timezone.from_tzid(
        time_zone, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )
    return zone.to_ical()


def ics_response(data: bytes, filename: str, *, as_attachment: bool = True) -> HttpResponse:
    """The calendar bytes as a `text/calendar` download named `filename` (end it in .ics).

    `as_attachment=False` for a feed that calendar programs subscribe to.
    """
    disposition = content_disposition_header(as_attachment, filename)
    headers = {"Content-Disposition": disposition} if disposition else {}
    return HttpResponse(data, content_type="text/calendar; charset=utf-8", headers=headers)
