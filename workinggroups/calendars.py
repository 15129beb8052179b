"""Meetings and series as calendar events (tpc_portal/calendars.py): the same events in the
file of one meeting, the file of a series and the person's feed.

How a calendar program recognises a meeting, in all three:

- A one-off meeting is an event with the meeting's own UID and SEQUENCE; a cancelled one
  stays in the file with STATUS:CANCELLED.
- A series is one event with the series' UID, DTSTART at the rule's first occurrence in
  the series' zone (TZID and VTIMEZONE), its RRULE (UNTIL: the end of the series' last
  day, local time, in UTC), an EXDATE for each cancelled occurrence and SEQUENCE =
  `Series.sequence`.
- An occurrence of a series is the series' UID with a RECURRENCE-ID (`Meeting.occurrence`,
  the start the rule gave it): in the series file and the feed only when it was changed
  (detached, moved, or given an agenda of its own, which does not detach it), and always
  so in the file of that one meeting. Someone who imports
  the series and then one of its meetings therefore holds one meeting, not two. Its
  SEQUENCE is the larger of the meeting's and the series', so that it never falls behind
  the series it belongs to (some programs ignore an override older than its series).
- A moment the rule put into a spring-forward gap (02:30 on the night Berlin skips to
  03:00) is written with the rule's own wall-clock time, which RFC 5545 (3.3.5) reads with
  the offset before the gap: the instant the occurrence was stored at.

A series that one RRULE cannot say is written as its stored meetings, each an event with
the meeting's own UID, in every file alike (so again nothing appears twice):
- a series with an `alternate_time` (every second occurrence at another time). Two RRULEs
  at twice the interval would be exact only for rules that give one occurrence per
  period (weekly on one day, daily), not for "the 31st" or "the last Friday", where the
  skipped months decide which occurrence is odd; one-by-one is exact for every rule.
  What this costs: such a series' file holds the meetings stored so far (the rolling
  horizon), and the feed follows as the horizon moves;
- a rule the file cannot carry (a COUNT together with a last day, a rule that gives no
  occurrence), which the series' services should not let in.
This assumes what the series' services keep true: a meeting that is neither cancelled,
nor detached, nor moved (`start != occurrence`), and whose agenda is the series' standing
one, is what the rule says.

The location and the video link are in a file only when the caller says the reader is a
member of the group (`members=True`); the feed is its owner's and carries them for the
groups they are in.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils.translation import gettext as _

from members.models import User
from tpc_portal.calendars import CalendarEvent, EventStatus, Recurrence
from workinggroups import calendar_selectors as selectors
from workinggroups.models import Meeting, Series, WorkingGroup


def page_url(group: WorkingGroup, meeting_id: int | None = None) -> str:
    """The address of a meeting's page, or without a meeting of the group's page, as the
    calendar files link to them. The one place that writes these paths: it becomes
    reverse("workinggroups:meeting", ...) once the pages are merged."""
    path = f"/groups/{group.slug}/"
    if meeting_id is not None:
        path += f"meetings/{meeting_id}/"
    return settings.SITE_URL + path


# --- The rule of a series ------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRule:
    recurrence: Recurrence
    # The rule's first occurrence, in the series' zone at the rule's wall-clock time.
    first: datetime


def series_rule(series: Series) -> SeriesRule | None:
    """The series as one RRULE, or None when its meetings are written one by one."""
    if series.alternate_time is not None:
        return None
    return _rule(series.rule, series.time_zone, series.first_day, series.local_time, series.until)


@lru_cache(maxsize=2048)
def _rule(
    rule: str, time_zone: str, first_day: date, local_time: time, until: date | None
) -> SeriesRule | None:
    zone = ZoneInfo(time_zone)
    last = None
    if until is not None:
        last = datetime.combine(until, time(23, 59, 59), zone).astimezone(UTC)
    try:
        recurrence = Recurrence.parse(rule, until=last)
        unbounded = dataclasses.replace(recurrence, until=None).text()
        # dateutil follows RFC 5545 here as the series' services do: the first occurrence
        # is the first day the rule gives on or after first_day (a DTSTART that the rule
        # does not give is not an occurrence).
        dates = rrulestr(unbounded, dtstart=datetime.combine(first_day, local_time))
        first_local = next(iter(dates), None)
    except ValueError:
        return None
    if first_local is None:
        return None
    first = first_local.replace(tzinfo=zone)
    if recurrence.until is not None and first.astimezone(UTC) > recurrence.until:
        return None
    return SeriesRule(recurrence=recurrence, first=first)


def _as_the_rule_says(moment: datetime, zone: ZoneInfo, local_time: time) -> datetime:
    """An occurrence in the series' zone at the wall-clock time its rule gave it.

    Stored in UTC, an occurrence the rule put into a spring-forward gap (02:30) reads back
    as 03:30; the rule's 02:30 is the same instant (RFC 5545, 3.3.5) and is what a
    calendar program matches against the series, so that is what is written.
    """
    local = moment.astimezone(zone)
    if local.time() == local_time:
        return local
    for day in (local.date(), local.date() - timedelta(days=1)):
        nominal = datetime.combine(day, local_time, zone)
        if nominal.astimezone(UTC) == moment:
            return nominal
    return local


# --- Events --------------------------------------------------------------------------------


def _description(group: WorkingGroup, agenda: str, video_link: str, page: str) -> str:
    parts = [group.name]
    if agenda.strip():
        parts.append(agenda.strip())
    if video_link:
        parts.append(_("Video link: %(link)s") % {"link": video_link})
    parts.append(page)
    return "\n\n".join(parts)


def _where(location: str, video_link: str, *, members: bool) -> tuple[str, str]:
    """(LOCATION, the video link for the description), for members only."""
    if not members:
        return "", ""
    return location or video_link, video_link


def _status(meeting: Meeting) -> EventStatus:
    if meeting.status == Meeting.Status.CANCELLED:
        return EventStatus.CANCELLED
    return EventStatus.CONFIRMED


def _ends(start: datetime, minutes: int) -> datetime:
    # Counted in UTC: a meeting across a daylight-saving change lasts what it says.
    return start.astimezone(UTC) + timedelta(minutes=minutes)


def _meeting_fields(meeting: Meeting, *, members: bool) -> dict:
    location, video_link = _where(meeting.location, meeting.video_link, members=members)
    page = page_url(meeting.group, meeting.pk)
    return {
        "start": meeting.start,
        "end": _ends(meeting.start, meeting.duration_minutes),
        "title": meeting.title,
        "description": _description(meeting.group, meeting.agenda, video_link, page),
        "location": location,
        "url": page,
        "status": _status(meeting),
    }


def _one_off(meeting: Meeting, *, members: bool) -> CalendarEvent:
    return CalendarEvent(
        uid=meeting.uid,
        time_zone=meeting.time_zone,
        sequence=meeting.sequence,
        **_meeting_fields(meeting, members=members),
    )


def _occurrence(meeting: Meeting, series: Series, *, members: bool) -> CalendarEvent:
    assert meeting.occurrence is not None  # noqa: S101 - the caller checked
    zone = ZoneInfo(series.time_zone)
    return CalendarEvent(
        uid=series.uid,
        # The series' zone, so that the RECURRENCE-ID reads as the series' occurrences do.
        time_zone=series.time_zone,
        recurrence_id=_as_the_rule_says(meeting.occurrence, zone, series.local_time),
        sequence=max(meeting.sequence, series.sequence),
        **_meeting_fields(meeting, members=members),
    )


def meeting_event(meeting: Meeting, *, members: bool) -> CalendarEvent:
    """One meeting as its calendar file holds it (its series and group selected with it)."""
    series = meeting.series
    if series is None or meeting.occurrence is None or series_rule(series) is None:
        return _one_off(meeting, members=members)
    return _occurrence(meeting, series, members=members)


def _changed(meeting: Meeting, series: Series) -> bool:
    """Not what the series' event says: to be written as an override. Keep in step with
    `selectors._NOT_SAID_BY_THE_RULE`."""
    return (
        meeting.detached or meeting.start != meeting.occurrence or meeting.agenda != series.agenda
    )


def series_events(
    series: Series, meetings: Iterable[Meeting], *, members: bool
) -> list[CalendarEvent]:
    """A series as its calendar file holds it: the recurring event and its changed
    occurrences, or (see above) each of its meetings.

    `meetings` are the series' meetings that the rule does not say
    (`selectors.calendar_meetings`), or all of them for a series written one by one.
    """
    rule = series_rule(series)
    if rule is None:
        return [_one_off(meeting, members=members) for meeting in meetings]
    zone = rule.first.tzinfo
    assert isinstance(zone, ZoneInfo)  # noqa: S101 - made so by _rule
    excluded: list[datetime] = []
    changed: list[CalendarEvent] = []
    for meeting in meetings:
        if meeting.occurrence is None:
            changed.append(_one_off(meeting, members=members))
        elif meeting.status == Meeting.Status.CANCELLED:
            excluded.append(_as_the_rule_says(meeting.occurrence, zone, series.local_time))
        elif _changed(meeting, series):
            changed.append(_occurrence(meeting, series, members=members))
    location, video_link = _where(series.location, series.video_link, members=members)
    page = page_url(series.group)
    recurring = CalendarEvent(
        uid=series.uid,
        start=rule.first,
        end=_ends(rule.first, series.duration_minutes),
        time_zone=series.time_zone,
        title=series.title,
        description=_description(series.group, series.agenda, video_link, page),
        location=location,
        url=page,
        sequence=series.sequence,
        recurrence=rule.recurrence,
        excluded=tuple(sorted(excluded)),
    )
    return [recurring, *changed]


# --- The personal feed (tpc_portal/feeds.py) -------------------------------------------------


def feed_events(user: User) -> list[CalendarEvent]:
    """Every meeting of the groups the person is in, with the member-only fields (the feed
    is theirs): the series as recurring events with their changes, the one-off meetings.
    Two queries, whatever the number of meetings."""
    series = list(selectors.calendar_series_of(user))
    one_by_one = [item.pk for item in series if series_rule(item) is None]
    by_series: dict[int | None, list[Meeting]] = defaultdict(list)
    for meeting in selectors.calendar_meetings_of(user, all_of_series=one_by_one):
        by_series[meeting.series_id].append(meeting)
    events = [_one_off(meeting, members=True) for meeting in by_series.pop(None, [])]
    for item in series:
        events.extend(series_events(item, by_series.pop(item.pk, []), members=True))
    # A meeting whose series belongs to another group: on its own.
    for meetings in by_series.values():
        events.extend(meeting_event(meeting, members=True) for meeting in meetings)
    return events


def feed_version(user: User) -> str:
    return selectors.calendar_version_of(user)
