"""What the series services share: the horizon, the scopes of a change, a series' pattern
and the occurrences it gives as meetings, its state for the audit trail and notices, and
the change an edit asks for (series.py says how a series is made and changed)."""

import enum
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.services.common import validated
from tpc_portal.errors import ApplicationError
from workinggroups.models import Meeting, Series
from workinggroups.recurrence import (
    Occurrence,
    Pattern,
    RuleError,
    first_day_error,
    local_moment,
    rule_count,
    rule_with_count,
    validate_rule,
)
from workinggroups.services.meeting_common import (
    zone_checked,
)

# Occurrences are stored this far ahead; the daily beat task moves the horizon on.
SERIES_HORIZON = timedelta(days=183)
# Earlier than any meeting: "from the beginning" for occurrences().
DAWN = datetime(1970, 1, 1, tzinfo=UTC)


class Scope(enum.StrEnum):
    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"

    @property
    def label(self) -> str:
        return str(SCOPE_LABELS[self])


SCOPE_LABELS = {
    Scope.THIS: gettext_lazy("This meeting only"),
    Scope.FOLLOWING: gettext_lazy("This and the following meetings"),
    Scope.ALL: gettext_lazy("All upcoming meetings of the series"),
}


def pattern_of(series: Series) -> Pattern:
    return Pattern(
        rule=series.rule,
        first_day=series.first_day,
        local_time=series.local_time,
        time_zone=series.time_zone,
        alternate_time=series.alternate_time,
        until=series.until,
    )


def rule_checked(rule: str) -> str:
    try:
        return validate_rule(rule)
    except RuleError as error:
        raise ApplicationError(error.message, errors={"rule": [error.message]}) from error


def pattern_checked(pattern: Pattern, *, day_field: str = "first_day") -> Pattern:
    """A pattern whose rule is valid, whose first day is an occurrence and whose end fits."""
    pattern = replace(pattern, rule=rule_checked(pattern.rule))
    zone_checked(pattern.time_zone)
    if pattern.until is not None and rule_count(pattern.rule) is not None:
        message = _("A series ends by its number of meetings (COUNT) or by a last day, not both.")
        raise ApplicationError(message, errors={"until": [message]})
    if pattern.until is not None and pattern.until < pattern.first_day:
        message = _("The last day comes after the first meeting.")
        raise ApplicationError(message, errors={"until": [message]})
    if pattern.alternate_time == pattern.local_time:
        pattern = replace(pattern, alternate_time=None)
    error = first_day_error(pattern)
    if error is not None:
        raise ApplicationError(error, errors={day_field: [error]})
    return pattern


def first_start(pattern: Pattern, now: datetime, *, day_field: str = "first_day") -> Occurrence:
    """The first meeting of a checked pattern (its first day is an occurrence), if future."""
    first = Occurrence(
        0, pattern.first_day, local_moment(pattern.first_day, pattern.local_time, pattern.zone)
    )
    if first.start <= now:
        message = _("The first meeting must be in the future.")
        raise ApplicationError(message, errors={day_field: [_("This time has passed.")]})
    return first


def occurrence_meeting(series: Series, occurrence: Occurrence, now: datetime) -> Meeting:
    return Meeting(
        group_id=series.group_id,
        series=series,
        occurrence=occurrence.start,
        start=occurrence.start,
        title=series.title,
        duration_minutes=series.duration_minutes,
        time_zone=series.time_zone,
        location=series.location,
        video_link=series.video_link,
        agenda=series.agenda,
        created_by_id=series.created_by_id,
        created=now,
        updated=now,
    )


def series_state(series: Series) -> dict[str, Any]:
    return {
        "title": series.title,
        "rule": series.rule,
        "first_day": series.first_day.isoformat(),
        "local_time": series.local_time.isoformat("minutes"),
        "alternate_time": series.alternate_time.isoformat("minutes")
        if series.alternate_time
        else None,
        "time_zone": series.time_zone,
        "duration_minutes": series.duration_minutes,
        "until": series.until.isoformat() if series.until else None,
        "location": series.location,
        "has_video_link": bool(series.video_link),
    }


def series_notice(series: Series, first: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "group": series.group.name,
        "title": series.title,
        "start": first.isoformat(),
        "time_zone": series.time_zone,
        "rule": series.rule,
        "series": series.pk,
    } | extra


def check_meeting_fields(series: Series) -> None:
    """The fields every occurrence copies are valid for a meeting too."""
    now = timezone.now()
    validated(
        occurrence_meeting(series, Occurrence(0, series.first_day, now), now),
        exclude=["group", "series", "created_by"],
    )


@dataclass(frozen=True, kw_only=True)
class Change:
    """What the edit form asks of a series (see series_change)."""

    fields: dict[str, Any]
    standing_agenda: str | None
    agenda: str
    time_zone: str
    day: date
    at: time
    alternate_time: time | None
    rule: str | None
    until: date | None


def occurrence_key(meeting: Meeting) -> datetime:
    assert meeting.occurrence is not None  # noqa: S101 - an occurrence has its key
    return meeting.occurrence


def moves(old: Pattern, new: Pattern) -> bool:
    """Whether the meetings of the series move (not only their title, place or length)."""
    return (
        rule_with_count(old.rule, None),
        old.first_day,
        old.local_time,
        old.alternate_time,
        old.time_zone,
    ) != (
        rule_with_count(new.rule, None),
        new.first_day,
        new.local_time,
        new.alternate_time,
        new.time_zone,
    )


def change_apply(series: Series, change: Change, pattern: Pattern) -> None:
    for name, value in change.fields.items():
        setattr(series, name, value)
    if change.standing_agenda is not None:
        series.agenda = change.standing_agenda
    series.rule = pattern.rule
    series.first_day = pattern.first_day
    series.local_time = pattern.local_time
    series.alternate_time = pattern.alternate_time
    series.time_zone = pattern.time_zone
    series.until = pattern.until
