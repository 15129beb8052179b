"""Time zones: every time is stored in UTC and shown in the reader's zone.

A signed-in person's zone is the IANA name on their profile (`Europe/Berlin`), activated for
the length of each of their requests by `TimeZoneMiddleware`, so that templates, the `date`
filter and form fields (a deadline typed into a DateTimeField) all work in it. Visitors and
people who have not chosen one read UTC. E-mails are rendered in the recipient's zone
(`override(zone_of(recipient))`).

Where an organiser's zone matters (a meeting, an event) a time is written in that zone with
the reader's own beside it when the two differ: "15:00 CET (your time 09:00 EST)".

This module is part of the base: it imports no app. A person's zone is read from
`user.profile.time_zone` by attribute, whichever app provides the profile.
"""

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

__all__ = [
    "TimeZoneMiddleware",
    "at_with_local",
    "clock",
    "day",
    "moment",
    "override",
    "time_zone_choices",
    "validate_time_zone",
    "viewer_zone",
    "zone_named",
    "zone_of",
]

override = timezone.override


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_named(name: str | None) -> ZoneInfo | None:
    """The zone of an IANA name, or None for a blank, unknown or malformed one."""
    if not name or name not in _known_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def validate_time_zone(value: str) -> None:
    """Django validator: the value is an IANA time-zone name, such as Europe/Berlin."""
    if value and zone_named(value) is None:
        raise ValidationError(
            gettext_lazy("“%(value)s” is not a time zone; choose one such as Europe/Berlin."),
            code="invalid_time_zone",
            params={"value": value},
        )


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone as (name, label), grouped by their region in alphabetical order."""
    names = sorted(name for name in _known_names() if "/" in name or name == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


def zone_of(user: object) -> ZoneInfo | None:
    """The zone a person chose on their profile; None for visitors and when unset."""
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)  # Django raises when there is none: caught
    return zone_named(getattr(profile, "time_zone", ""))


def viewer_zone() -> tzinfo:
    """The zone of the person this request (or e-mail) is for: the active one."""
    return timezone.get_current_timezone()


def clock(moment: datetime, zone: tzinfo | None = None, *, with_date: bool = True) -> str:
    """A moment in a zone (the viewer's by default), always naming the zone.

    "15 Dec 2026, 12:00 UTC", or with_date=False "12:00 UTC".
    """
    local = timezone.localtime(moment, zone or viewer_zone())
    text = formats.date_format(local, "DATETIME_FORMAT" if with_date else "TIME_FORMAT")
    return text if with_date else f"{text} {local.tzname()}"


def at_with_local(moment: datetime, organiser_zone: tzinfo | str | None) -> str:
    """A moment in the organiser's zone, with the reader's beside it when they differ.

    "15 Dec 2026, 15:00 CET (your time 09:00 EST)"; the date is repeated in the reader's
    part when it falls on another day there.
    """
    zone = zone_named(organiser_zone) if isinstance(organiser_zone, str) else organiser_zone
    reader = viewer_zone()
    if zone is None:
        return clock(moment, reader)
    there, here = timezone.localtime(moment, zone), timezone.localtime(moment, reader)
    if there.utcoffset() == here.utcoffset() and there.tzname() == here.tzname():
        return clock(moment, zone)
    local = clock(moment, reader, with_date=there.date() != here.date())
    return _("%(there)s (your time %(here)s)") % {"there": clock(moment, zone), "here": local}


class TimeZoneMiddleware:
    """Activates the signed-in person's zone for their request (UTC for everyone else).

    After AuthenticationMiddleware. The profile it reads is cached on request.user, so a
    view that reads the profile too costs no second query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = zone_of(getattr(request, "user", None))
        if zone is None:
            timezone.deactivate()
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)


# Stored values (an audit entry's ISO times) as the reader reads them.


def moment(value: datetime | str | None) -> str:
    """'15 Dec 2026, 12:00 UTC': a time in the reader's zone, with the zone named."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.UTC)
    local = timezone.localtime(value)
    shown = formats.date_format(local, pgettext("date and time with a zone", "j M Y, H:i"))
    return f"{shown} {timezone.get_current_timezone_name()}"


def day(value: date | str | None) -> str:
    """'15 Dec 2026': a day, such as the start or end of a seat's term."""
    if isinstance(value, str):
        value = parse_date(value)
    if value is None:
        return ""
    return formats.date_format(value, pgettext("a day", "j M Y"))
