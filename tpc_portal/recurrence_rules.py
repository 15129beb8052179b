"""A recurrence rule of RFC 5545 (3.3.10) as the calendar files write it: `Recurrence`,
checked part by part when it is made (`Recurrence.parse("FREQ=MONTHLY;BYDAY=-1FR")`).
Part of the base (tpc_portal/calendars.py writes it as an RRULE); it imports no app."""

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from icalendar import vRecur


class Frequency(enum.StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


def require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


# The parts of a rule besides FREQ, INTERVAL, COUNT and UNTIL (RFC 5545, 3.3.10), with the
# range of their numbers. BYDAY and WKST hold weekdays.
_NUMBERED_PARTS: dict[str, tuple[int, int, bool]] = {
    # part: (lowest, highest, may be negative)
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
# Parts RFC 5545 forbids with some frequencies.
_NOT_WITH: dict[str, tuple[str, ...]] = {
    "BYMONTHDAY": ("WEEKLY",),
    "BYYEARDAY": ("DAILY", "WEEKLY", "MONTHLY"),
    "BYWEEKNO": ("DAILY", "WEEKLY", "MONTHLY"),
}
_WEEKDAY = re.compile(r"^(?P<ordinal>[+-]?\d{1,2})?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")
RULE_PARTS = (*_NUMBERED_PARTS, "BYDAY", "WKST")


def _check_part(name: str, values: tuple[Any, ...], frequency: "Frequency") -> None:
    if not values:
        raise ValueError(f"{name} needs at least one value")
    if frequency in _NOT_WITH.get(name, ()):
        raise ValueError(f"{name} cannot be used with FREQ={frequency}")
    if name in ("BYDAY", "WKST"):
        for value in values:
            _check_weekday(name, str(value), frequency)
        return
    lowest, highest, signed = _NUMBERED_PARTS[name]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name}={value!r} is not a whole number")
        if not (lowest <= abs(value) <= highest if signed else lowest <= value <= highest):
            raise ValueError(f"{name}={value} is out of range")


def _check_weekday(name: str, value: str, frequency: "Frequency") -> None:
    match = _WEEKDAY.match(value)
    if match is None or (name == "WKST" and match["ordinal"]):
        raise ValueError(f"{name}={value} is not a weekday")
    if not match["ordinal"]:
        return
    if not 1 <= abs(int(match["ordinal"])) <= 53:
        raise ValueError(f"{name}={value}: the ordinal must be 1 to 53 or -1 to -53")
    if frequency not in (Frequency.MONTHLY, Frequency.YEARLY):
        # RFC 5545: a numbered weekday only with a monthly or yearly rule.
        raise ValueError(f"{name}={value} needs FREQ=MONTHLY or FREQ=YEARLY")


@dataclass(frozen=True, kw_only=True)
class Recurrence:
    """An RRULE: every `interval` `frequency` units, `count` times or until `until`, on the
    days and times its other `parts` pick (e.g. {"BYDAY": ("2TU",)}: the second Tuesday).

    Occurrences repeat the first one's wall-clock time in the organiser's zone. Build one
    from the rule's text or its parsed parts with `Recurrence.parse()`.
    """

    frequency: Frequency
    interval: int = 1
    count: int | None = None
    until: datetime | None = None
    # The rule's other parts, as icalendar reads them: {"BYDAY": ("-1FR",), "BYSETPOS": (1,)}.
    parts: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.interval < 1:
            raise ValueError("interval must be at least 1")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1")
        if self.count is not None and self.until is not None:
            raise ValueError("a recurrence ends by count or by until, not both (RFC 5545)")
        if self.until is not None:
            require_aware(self.until, "until")
        # Read-only, so that a recurrence (and an event) is a value that can be kept.
        parts = MappingProxyType({name: tuple(values) for name, values in self.parts.items()})
        object.__setattr__(self, "parts", parts)
        unknown = set(self.parts) - set(RULE_PARTS)
        if unknown:
            raise ValueError(f"unknown rule part(s): {', '.join(sorted(unknown))}")
        for name, values in self.parts.items():
            _check_part(name, tuple(values), Frequency(self.frequency))

    def __hash__(self) -> int:
        # By value, parts included, so that events can be compared and kept by value.
        parts = tuple(sorted((name, tuple(values)) for name, values in self.parts.items()))
        return hash((self.frequency, self.interval, self.count, self.until, parts))

    @classmethod
    def parse(cls, rule: str | Mapping[str, Any], *, until: datetime | None = None) -> "Recurrence":
        """A recurrence from an RRULE's text ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", with or
        without "RRULE:") or its parts ({"FREQ": "MONTHLY", "BYMONTHDAY": [-1]}).

        `until` ends it (in place of an UNTIL in the rule, which must then be in UTC).
        Raises ValueError for a rule a calendar program would misread.
        """
        if isinstance(rule, str):
            text = rule.strip()
            if text.upper().startswith("RRULE:"):
                text = text[len("RRULE:") :]
            try:
                parsed: Mapping[str, Any] = vRecur.from_ical(text)
            except ValueError as error:
                raise ValueError(f"not a recurrence rule: {rule!r} ({error})") from error
        else:
            parsed = rule
        parts = {str(name).upper(): _values(value) for name, value in parsed.items()}
        try:
            (frequency,) = parts.pop("FREQ")
            frequency = Frequency(str(frequency).upper())
        except (KeyError, ValueError):
            raise ValueError(f"a rule needs one FREQ of {', '.join(Frequency)}") from None
        interval = _single(parts.pop("INTERVAL", (1,)), "INTERVAL")
        count = _single(parts.pop("COUNT", (None,)), "COUNT")
        if "UNTIL" in parts:
            if until is not None:
                raise ValueError("the rule has an UNTIL already")
            until = _single(parts.pop("UNTIL"), "UNTIL")
            if not isinstance(until, datetime):
                # With a zoned DTSTART, UNTIL must be a time in UTC (RFC 5545, 3.3.10).
                raise ValueError("UNTIL must be a time in UTC, such as 20261231T225959Z")
        parts = {
            name: tuple(str(v).upper() if name in ("BYDAY", "WKST") else v for v in values)
            for name, values in parts.items()
        }
        return cls(
            frequency=frequency,
            interval=int(interval),
            count=None if count is None else int(count),
            until=until,
            parts=parts,
        )

    def as_rrule(self) -> dict[str, object]:
        rule: dict[str, object] = {"FREQ": self.frequency.value}
        if self.interval != 1:
            rule["INTERVAL"] = self.interval
        if self.count is not None:
            rule["COUNT"] = self.count
        if self.until is not None:
            # With a zoned DTSTART, UNTIL must be given in UTC (RFC 5545, 3.3.10).
            rule["UNTIL"] = self.until.astimezone(UTC)
        for name in RULE_PARTS:
            if name in self.parts:
                rule[name] = list(self.parts[name])
        return rule

    def text(self) -> str:
        """The rule as RFC 5545 writes it, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"."""
        return vRecur(self.as_rrule()).to_ical().decode()


def _values(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(","))
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def _single(values: tuple[Any, ...], name: str) -> Any:
    if len(values) != 1:
        raise ValueError(f"{name} takes one value")
    return values[0]
