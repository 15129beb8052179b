"""Events as calendar events (tpc_portal/calendars.py): the same event in its own file
(`event_ics`) and in a person's feed (tpc_portal/feeds.py).

What a calendar program is promised:
- the UID is `event-<pk>@<site host>`, fixed for the event's life (its address cannot
  change either), so a file downloaded again replaces the copy held, never adds one;
- SEQUENCE is `Event.sequence`, which the events' services raise whenever the time, the
  place or the status changes;
- start and end are written in the event's own zone with its VTIMEZONE;
- a cancelled event stays in the file, and in the feed, with STATUS:CANCELLED, so that
  programs remove it.

The venue is public, as on the event's page. The online link is in a file only when the
caller says the reader may see it (`events.permissions.can_see_online_link`: the people
holding a place and the organisers); the feed is its owner's and holds only such events.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from events import selectors
from events.models import Event
from events.services.common import event_link
from members.models import User
from tpc_portal.calendars import CalendarEvent, EventStatus


def page_url(event: Event) -> str:
    """The event page's full address, as the calendar files link to it."""
    return settings.SITE_URL + event_link(event)


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "tpc-portal"
    return f"event-{event.pk}@{host}"


def _description(event: Event, online_link: str, page: str) -> str:
    parts = []
    if event.description.strip():
        parts.append(event.description.strip())
    if online_link:
        parts.append(_("Online link: %(link)s") % {"link": online_link})
    parts.append(page)
    return "\n\n".join(parts)


def event_calendar_event(event: Event, *, online_link: bool) -> CalendarEvent:
    """The event as a calendar program should see it; with `online_link` only for a reader
    who may see the link (the organisers, the people holding a place)."""
    link = event.online_link if online_link else ""
    page = page_url(event)
    cancelled = event.status == Event.Status.CANCELLED
    return CalendarEvent(
        uid=event_uid(event),
        start=event.start,
        end=event.end,
        time_zone=event.time_zone,
        title=event.title,
        description=_description(event, link, page),
        # The venue is public; an online-only event is "where" its link is, for those who
        # may see it.
        location=event.venue or link,
        url=page,
        sequence=event.sequence,
        status=EventStatus.CANCELLED if cancelled else EventStatus.CONFIRMED,
    )


# --- The personal feed (tpc_portal/feeds.py) -------------------------------------------------


def feed_events(user: User) -> list[CalendarEvent]:
    """The events the person holds a place at or organises, with the online link (the feed
    is theirs, and both may see it). One query, whatever the number of events."""
    return [
        event_calendar_event(event, online_link=True)
        for event in selectors.calendar_events_of(user)
    ]


def feed_version(user: User) -> str:
    return selectors.calendar_version_of(user)
