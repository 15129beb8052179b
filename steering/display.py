"""How the committee's pages and notices show times and stored values, at display time.

Times are shown in the reader's time zone (the one active for the request: UTC until
people choose their own) with the zone's name beside them. Audit entries store plain data
(status values, ISO timestamps); these helpers turn them into words in the reader's
language when the page is drawn, never when the entry is written.
"""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import pgettext

from steering.models import Case, Decision, Seat, Vote


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


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def status_label(value: str | None) -> str:
    return _label(Case.Status, value)


def role_label(value: str | None) -> str:
    return _label(Seat.Role, value)


def outcome_label(value: str | None) -> str:
    return _label(Decision.Outcome, value)


def choice_label(value: str | None) -> str:
    return _label(Vote.Choice, value)
