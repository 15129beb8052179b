"""When a recurring series meets: pure functions over python-dateutil's rrule, no ORM.
(The presets offered on the form, and a rule put into words: recurrence_words.py.)

A series is a rule (an RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
a first day, a local wall-clock time and an IANA zone (`Pattern`). The rule is expanded in
the organiser's LOCAL time, and each local date-time is then turned into an aware moment
in UTC, so a meeting at 16:00 in Chicago stays at 16:00 in Chicago across daylight-saving
changes (22:00Z in winter, 21:00Z in summer). That is what a calendar program does with
the exported `DTSTART;TZID=...` and RRULE, so what we store equals what it expands.

Decisions, made on purpose
--------------------------
- **A time in a spring-forward gap** (02:30 Europe/Berlin on 29 March 2026 does not exist)
  follows RFC 5545, 3.3.5: it is read with the UTC offset in force *before* the gap, so
  02:30 CET+01:00 = 01:30Z, which the clock shows as 03:30 CEST. Calendar programs expanding
  the exported RRULE do the same, so stored == expanded. (Python's zoneinfo with fold=0
  gives exactly this.) The other occurrences of the series stay at 02:30.
- **An ambiguous time** (the hour repeated when clocks fall back, e.g. 02:30 Europe/Berlin
  on 25 October 2026) is its first instance (fold=0, the summer-time one: 00:30Z).
- **"Monthly on the 31st"** (BYMONTHDAY=31) skips the months without a 31st, as RFC 5545
  and dateutil do; nothing is moved to the 30th. A series that wants the end of every month
  uses **"last day of the month"** (BYMONTHDAY=-1), offered as its own preset. Likewise
  "monthly on the 5th Tuesday" skips months without one; "the last Tuesday" (BYDAY=-1TU)
  is offered instead.
- **The end of a series** is its `until` day (a local date, inclusive), never UNTIL inside
  the rule: one place for it. A rule may end by COUNT. Both at once is refused (RFC 5545
  forbids COUNT with UNTIL).
- **The first day is an occurrence of the rule.** RFC 5545 leaves a DTSTART that the rule
  does not produce undefined (dateutil drops it, some calendar programs keep it), so a
  first day off the rule is refused (`first_day_error`), and presets build their rule from
  the first day.
- **Alternate time**: when a series rotates between two slots, occurrences are counted from
  the first (index 0); an odd index is held at `alternate_time` on the same local date.

Times of day finer than the series' own (BYHOUR, BYMINUTE, BYSECOND) and frequencies
below daily are refused: a series meets at most once a day, at its time.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.formats import date_format
from django.utils.translation import gettext as _

__all__ = [
    "Occurrence",
    "Pattern",
    "RuleError",
    "first_day_error",
    "local_moment",
    "occurrences",
    "occurrences_before",
    "rule_count",
    "rule_with_count",
    "validate_rule",
]

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
TOO_FREQUENT = ("HOURLY", "MINUTELY", "SECONDLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYWEEKNO",
    "BYYEARDAY",
    "WKST",
)
MAX_INTERVAL = 366
MAX_COUNT = 1000
BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
NUMBER = re.compile(r"^[+-]?\d{1,3}$")


class RuleError(ValueError):
    """A rule string that is not a series we can keep; the message says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Validation --------------------------------------------------------------------------------


def rule_parts(rule: str) -> dict[str, str]:
    text = rule.strip().upper()
    text = text.removeprefix("RRULE:")
    if not text:
        raise RuleError(_("Give a rule, such as FREQ=WEEKLY;BYDAY=TU."))
    parts: dict[str, str] = {}
    for chunk in text.strip(";").split(";"):
        name, sep, value = chunk.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise RuleError(_("“%(part)s” is not NAME=VALUE.") % {"part": chunk})
        if name in parts:
            raise RuleError(_("%(name)s is given twice.") % {"name": name})
        parts[name] = value
    return parts


def _numbers(name: str, value: str, low: int, high: int, *, signed: bool) -> None:
    for item in value.split(","):
        if not NUMBER.match(item):
            raise RuleError(
                _("%(name)s takes numbers, not “%(value)s”.") % {"name": name, "value": item}
            )
        number = int(item)
        if number == 0 or abs(number) < low or abs(number) > high or (number < 0 and not signed):
            raise RuleError(
                _("%(name)s: %(value)s is out of range.") % {"name": name, "value": item}
            )


def _check_byday(value: str, freq: str) -> None:
    for item in value.split(","):
        match = BYDAY.match(item)
        if match is None:
            raise RuleError(
                _("BYDAY takes weekdays such as TU or -1FR, not “%(value)s”.") % {"value": item}
            )
        ordinal = match.group(1)
        if ordinal is not None:
            if freq not in ("MONTHLY", "YEARLY"):
                raise RuleError(_("A numbered weekday (such as 2TU) needs FREQ=MONTHLY or YEARLY."))
            if int(ordinal) == 0 or abs(int(ordinal)) > 53:
                raise RuleError(_("BYDAY: %(value)s is out of range.") % {"value": item})


def _whole(parts: dict[str, str], name: str, high: int) -> None:
    value = parts.get(name)
    if value is not None and not (value.isdigit() and 1 <= int(value) <= high):
        raise RuleError(
            _("%(name)s is a whole number from 1 to %(max)d.") % {"name": name, "max": high}
        )


# BY-parts that take numbers: (lowest, highest, may be negative, frequencies they go with).
_NUMBERED = {
    "BYMONTHDAY": (1, 31, True, ("DAILY", "MONTHLY", "YEARLY")),
    "BYMONTH": (1, 12, False, FREQUENCIES),
    "BYSETPOS": (1, 366, True, FREQUENCIES),
    "BYWEEKNO": (1, 53, True, ("YEARLY",)),
    "BYYEARDAY": (1, 366, True, ("DAILY", "YEARLY")),
}


def _check_simple(parts: dict[str, str], freq: str) -> None:
    _whole(parts, "INTERVAL", MAX_INTERVAL)
    _whole(parts, "COUNT", MAX_COUNT)
    if "WKST" in parts and parts["WKST"] not in WEEKDAYS:
        raise RuleError(_("WKST is a weekday such as MO."))
    if "BYDAY" in parts:
        _check_byday(parts["BYDAY"], freq)
    for name, (low, high, signed, frequencies) in _NUMBERED.items():
        if name not in parts:
            continue
        if freq not in frequencies:
            raise RuleError(
                _("%(name)s does not go with FREQ=%(freq)s.") % {"name": name, "freq": freq}
            )
        _numbers(name, parts[name], low, high, signed=signed)


def validate_rule(rule: str) -> str:
    """The rule in its normal form (upper case, no "RRULE:"), or RuleError saying what is wrong.

    Refused: unknown or repeated parts; no FREQ; a FREQ more often than daily; BYHOUR,
    BYMINUTE or BYSECOND (the series has its own time); COUNT with UNTIL; UNTIL at all (the
    series ends on its own last day); values out of range.
    """
    parts = rule_parts(rule)
    for name in parts:
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise RuleError(
                _("%(name)s is not used: the series meets at its own time of day.") % {"name": name}
            )
        if name == "DTSTART":
            raise RuleError(_("Give the first meeting in its own field, not DTSTART."))
        if name not in PARTS:
            raise RuleError(_("“%(name)s” is not a part of a rule we know.") % {"name": name})
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError(_("Say how often: FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."))
    if freq in TOO_FREQUENT:
        raise RuleError(
            _("A series meets at most once a day: FREQ=%(freq)s is too often.") % {"freq": freq}
        )
    if freq not in FREQUENCIES:
        raise RuleError(
            _("FREQ is DAILY, WEEKLY, MONTHLY or YEARLY, not “%(freq)s”.") % {"freq": freq}
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError(_("A rule ends by COUNT or by UNTIL, not both."))
    if "UNTIL" in parts:
        raise RuleError(_("Give the last day in its own field, not UNTIL in the rule."))
    _check_simple(parts, freq)
    return ";".join(f"{name}={value}" for name, value in parts.items())


def rule_count(rule: str) -> int | None:
    """The rule's COUNT, or None when it has none."""
    count = rule_parts(rule).get("COUNT")
    return int(count) if count is not None else None


def rule_with_count(rule: str, count: int | None) -> str:
    """The rule with its COUNT replaced (or dropped, for None)."""
    parts = {name: value for name, value in rule_parts(rule).items() if name != "COUNT"}
    if count is not None:
        parts["COUNT"] = str(count)
    return ";".join(f"{name}={value}" for name, value in parts.items())


# --- Expansion ---------------------------------------------------------------------------------


def local_moment(day: date, at: time, zone: str | ZoneInfo) -> datetime:
    """The aware UTC moment of a wall-clock time on a day in a zone.

    A time in a spring-forward gap takes the offset before the gap (RFC 5545, 3.3.5: 02:30
    Berlin on 29 Mar 2026 is 01:30Z, shown as 03:30 CEST); an ambiguous time is its first
    instance (fold=0).
    """
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    return naive.replace(tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True, kw_only=True)
class Pattern:
    """When a series meets. `until` is its last day (local, inclusive), or None."""

    rule: str
    first_day: date
    local_time: time
    time_zone: str
    alternate_time: time | None = None
    until: date | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def time_of(self, index: int) -> time:
        """The wall-clock time of the occurrence with this index (0 is the first)."""
        if self.alternate_time is not None and index % 2 == 1:
            return self.alternate_time
        return self.local_time


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a series: its place in the series (0 is the first), its local day,
    and its start as an aware UTC moment."""

    index: int
    day: date
    start: datetime


def _local_days(pattern: Pattern, last: date) -> Iterator[tuple[int, date]]:
    """(index, local day) of each occurrence up to `last`, from the first."""
    start = datetime.combine(pattern.first_day, time(0, 0))
    end = last if pattern.until is None else min(last, pattern.until)
    if end < pattern.first_day:
        return
    rule = validate_rule(pattern.rule)
    if rule_count(rule) is None:
        # dateutil stops by itself at UNTIL; with COUNT we stop below.
        rule = f"{rule};UNTIL={end:%Y%m%d}T235959"
    for index, moment in enumerate(rrulestr(rule, dtstart=start)):
        if moment.date() > end:
            return
        yield index, moment.date()


def occurrences(pattern: Pattern, *, after: datetime, before: datetime) -> list[Occurrence]:
    """The occurrences that start at or after `after` and before `before` (aware moments),
    in order, with their index counted from the series' first meeting."""
    if before <= after:
        return []
    # A local day ends at most 14 hours after it does in UTC: one day's margin is plenty.
    last = before.astimezone(pattern.zone).date() + timedelta(days=1)
    found = []
    for index, day in _local_days(pattern, last):
        start = local_moment(day, pattern.time_of(index), pattern.zone)
        if after <= start < before:
            found.append(Occurrence(index, day, start))
    return found


def occurrences_before(pattern: Pattern, moment: datetime) -> list[Occurrence]:
    """Every occurrence that starts before `moment`, from the first."""
    since = datetime.combine(pattern.first_day - timedelta(days=2), time(0), tzinfo=UTC)
    return occurrences(pattern, after=since, before=moment)


def first_day_error(pattern: Pattern) -> str | None:
    """Why the first day cannot start the series (not a day the rule gives), or None."""
    days = _local_days(replace(pattern, until=None), pattern.first_day)
    first = next(days, None)
    if first is not None and first[1] == pattern.first_day:
        return None
    return _("The first meeting must fall on a day the rule gives; %(day)s does not.") % {
        "day": date_format(pattern.first_day, "DATE_FORMAT")
    }


def days_from(pattern: Pattern, not_before: date, *, limit: int = 1) -> list[Occurrence]:
    """The first `limit` occurrences on or after a local day (for splitting a series)."""
    found: list[Occurrence] = []
    # Look ahead generously: a yearly rule meets once a year.
    horizon = not_before + timedelta(days=366 * 8)
    for index, day in _local_days(pattern, horizon):
        if day >= not_before:
            found.append(
                Occurrence(index, day, local_moment(day, pattern.time_of(index), pattern.zone))
            )
            if len(found) >= limit:
                break
    return found
