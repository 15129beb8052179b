"""The calendar file of an event: whoever may see the event gets it; the online link only
the people holding a place and the organisers (events/calendars.py)."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from events.calendars import event_calendar_event
from events.permissions import access_event, can_see_online_link
from tpc_portal.calendars import calendar_bytes, ics_response


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = access_event(request.user, slug)
    calendar_event = event_calendar_event(
        event, online_link=can_see_online_link(request.user, event)
    )
    data = calendar_bytes([calendar_event], name=event.title)
    response = ics_response(data, f"tpc-event-{event.slug}.ics")
    # What the file holds depends on who asks: no shared cache keeps it.
    patch_cache_control(response, private=True, no_cache=True)
    return response
