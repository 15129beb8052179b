"""A fair time for everyone: how many of a group's members a meeting time puts outside
their waking hours. Pure arithmetic over zone names, no ORM (the member zones come from
workinggroups.meeting_selectors.group_member_zones).

A meeting is inside someone's day when it starts at or after 07:00 and ends by 21:00 on
the same day in their zone; otherwise it is outside. A member whose profile names no zone
(or an unknown one) is counted apart, as unknown: we do not guess.

For a series that rotates between two slots, `rotation` also counts the people who are
outside in *both* slots: those the rotation does not help.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tpc_portal.timezones import zone_named

DAY_STARTS = time(7, 0)
DAY_ENDS = time(21, 0)
# Candidate slots around the chosen time: three hours either side, hour by hour.
SLOT_OFFSETS = tuple(range(-3, 4))


@dataclass(frozen=True)
class Count:
    """Of the members: how many the time puts outside 07:00-21:00, how many inside, and how
    many have no zone we know."""

    outside: int
    inside: int
    unknown: int

    @property
    def total(self) -> int:
        return self.outside + self.inside + self.unknown


@dataclass(frozen=True)
class Slot:
    start: datetime
    count: Count
    chosen: bool = False


@dataclass(frozen=True)
class Rotation:
    """A rotating series: each slot's count, and the people outside in both."""

    first: Count
    second: Count
    outside_in_both: int


def _zones(names: Iterable[str | None]) -> tuple[list[ZoneInfo], int]:
    known, unknown = [], 0
    for name in names:
        zone = zone_named(name)
        if zone is None:
            unknown += 1
        else:
            known.append(zone)
    return known, unknown


def is_inside_day(start: datetime, duration: timedelta, zone: ZoneInfo) -> bool:
    """Whether a meeting from `start` (aware) lasting `duration` falls within 07:00-21:00
    of one day in `zone`."""
    local_start, local_end = start.astimezone(zone), (start + duration).astimezone(zone)
    if local_start.date() != local_end.date():
        return False
    return local_start.time() >= DAY_STARTS and local_end.time() <= DAY_ENDS


def outside_hours(zones: Sequence[str | None], start: datetime, duration: timedelta) -> Count:
    """How many of the people in `zones` (IANA names; blank = unknown) the meeting puts
    outside their day."""
    known, unknown = _zones(zones)
    inside = sum(1 for zone in known if is_inside_day(start, duration, zone))
    return Count(outside=len(known) - inside, inside=inside, unknown=unknown)


def candidate_slots(
    zones: Sequence[str | None],
    start: datetime,
    duration: timedelta,
    offsets: Sequence[int] = SLOT_OFFSETS,
) -> list[Slot]:
    """The chosen start and the slots around it (`offsets` in hours), each with its count."""
    return [
        Slot(
            start=start + timedelta(hours=offset),
            count=outside_hours(zones, start + timedelta(hours=offset), duration),
            chosen=offset == 0,
        )
        for offset in offsets
    ]


def rotation(
    zones: Sequence[str | None], first: datetime, second: datetime, duration: timedelta
) -> Rotation:
    """The counts of a series' two slots, and how many people are outside in both."""
    known, _unknown = _zones(zones)
    both = sum(
        1
        for zone in known
        if not is_inside_day(first, duration, zone) and not is_inside_day(second, duration, zone)
    )
    return Rotation(
        first=outside_hours(zones, first, duration),
        second=outside_hours(zones, second, duration),
        outside_in_both=both,
    )
