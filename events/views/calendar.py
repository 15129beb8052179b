"""Placeholder: the event's calendar file is ev-cal's (events/views/calendar.py there)."""

from django.http import Http404, HttpRequest, HttpResponse


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
