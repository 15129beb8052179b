"""The rules of an allocation's usage as plain arithmetic, read and tested without a database
(as steering/tally.py is for votes).

- **Dates.** An allocation's `start` and `end` are days in UTC: usage may fall from the first
  moment of its start day to the last moment of its end day (`usage_window`). Sites report
  after the fact, so a record is accepted for `LATE_REPORTS` after the end day too, whatever
  the beat has done to the status meanwhile (`takes_usage`).
- **Thresholds.** When `used` reaches 80 and 100 percent of `granted`, the PI and co-PIs are
  told once per allocation. A batch that passes both at once sends only the higher one
  (`threshold_reached`): the 100 percent notice says all the 80 percent one would.
- **Status.** Reaching the granted amount makes an active allocation exhausted; a credit that
  brings it back below makes it active again (the site may run again) — the notices already
  sent are not sent again (`status_after`). Expired and suspended allocations keep their status.
- **Reminders.** 30 and 7 days before the end day, each once for that end date, on the first
  daily run on or after its day; a run that missed the 30-day day but is within 7 days sends
  only the 7-day one (`reminder_due`). The day after the end day, the allocation expires.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

# Percent of the granted amount at which the project's leads are told, lowest first.
THRESHOLDS = (80, 100)
# Reminders, in days before the end day, farthest first.
REMINDER_DAYS = (30, 7)
# How long after its end day an allocation still takes the site's late records.
LATE_REPORTS = timedelta(days=7)
# A site that reported nothing on an active allocation for this long is flagged to staff.
SILENCE = timedelta(days=7)

ACTIVE, EXHAUSTED, EXPIRED, SUSPENDED = "active", "exhausted", "expired", "suspended"


def usage_window(start: date, end: date) -> tuple[datetime, datetime]:
    """The span of time an allocation's usage may fall in: from its start day's first moment
    to its end day's last, in UTC (the second value is the first moment after it)."""
    return (
        datetime.combine(start, time.min, tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )


def takes_usage(*, status: str, end: date, now: datetime) -> bool:
    """Whether an allocation accepts records now: never when suspended; otherwise until
    LATE_REPORTS after its end day (an exhausted one too: usage already consumed is a fact the
    ledger must hold, and the overrun is exactly what its leads must see)."""
    if status == SUSPENDED:
        return False
    return now < usage_window(end, end)[1] + LATE_REPORTS


def threshold_reached(
    *, granted: Decimal, used: Decimal, warned: dict[int, bool]
) -> tuple[int | None, list[int]]:
    """The threshold to tell the leads about now (the highest reached and not yet told, or
    None) and every threshold to mark as told (all reached and not yet told)."""
    reached = [t for t in THRESHOLDS if used * 100 >= granted * t and not warned.get(t)]
    return (reached[-1] if reached else None), reached


def status_after(status: str, *, granted: Decimal, used: Decimal) -> str:
    """An allocation's status once its used total changed."""
    if status == ACTIVE and used >= granted:
        return EXHAUSTED
    if status == EXHAUSTED and used < granted:
        return ACTIVE
    return status


def reminder_due(
    *, end: date, today: date, reminded_30: date | None, reminded_7: date | None
) -> int | None:
    """The end reminder due today (30 or 7, in days), or None. Each is sent once per end
    date: `reminded_*` hold the end date they were sent for, so a new end date re-arms them."""
    days_left = (end - today).days
    if days_left < 0:
        return None
    if days_left <= 7:
        return 7 if reminded_7 != end else None
    if days_left <= 30:
        return 30 if reminded_30 != end else None
    return None


def has_ended(end: date, today: date) -> bool:
    """The end day is over (in UTC): the allocation expires."""
    return today > end


def percent_used(used: Decimal, granted: Decimal) -> int:
    """The used share in whole percent, rounded down, so that 100 means all of it."""
    if granted <= 0:
        return 0
    return int((used * 100) // granted)
