"""Calendar files of a meeting and of a series: whoever may see the group gets them; the
location and the video link only its members (workinggroups/calendars.py)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from tpc_portal.calendars import calendar_bytes, ics_response
from workinggroups import calendar_selectors as selectors
from workinggroups.calendars import meeting_event, series_events, series_rule
from workinggroups.permissions import access_group, can_see_member_parts


def _private(response: HttpResponse) -> HttpResponse:
    # What the file holds depends on who asks: no shared cache keeps it.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = access_group(request.user, slug)
    meeting = selectors.calendar_meeting(group.pk, pk)
    if meeting is None:
        raise Http404
    event = meeting_event(meeting, members=can_see_member_parts(request.user, group))
    data = calendar_bytes([event], name=meeting.title)
    return _private(ics_response(data, f"tpc-meeting-{meeting.pk}.ics"))


@require_safe
def series_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = access_group(request.user, slug)
    series = selectors.calendar_series(group.pk, pk)
    if series is None:
        raise Http404
    meetings = series.meetings.all()
    if series_rule(series) is not None:
        meetings = selectors.calendar_meetings(meetings)
    events = series_events(
        series,
        meetings.select_related("series", "group"),
        members=can_see_member_parts(request.user, group),
    )
    data = calendar_bytes(events, name=series.title)
    return _private(ics_response(data, f"tpc-series-{series.pk}.ics"))
