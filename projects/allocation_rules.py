"""The rules of asking for machine time, as plain arithmetic on dates and amounts (like
steering/tally.py): read and tested alone, applied by projects/services/allocations.py.

- A new allocation, and a renewal, are asked while the period's request window is open
  (from `requests_open`, until before `requests_close`).
- A renewal is for the next period after the allocation's, asked within 30 days of the
  allocation's end (from 30 days before it, to the end date itself).
- A supplement adds to an allocation in its current period: today between its start and
  its end.
- An extension moves an allocation's end later by at most 6 calendar months, asked within
  90 days of the end.
- Allocation dates are days in UTC, the same for every reader: "today" is the UTC date.

The committee sees, for the resource and period a request is about, its capacity, what is
already granted there and what the request would add (`Subscription`): more than the
capacity is over-subscription, shown, not refused (the committee decides).
"""

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

RENEWAL_WITHIN_DAYS = 30
EXTENSION_WITHIN_DAYS = 90
EXTENSION_MAX_MONTHS = 6


def today_utc(now: datetime) -> date:
    """The day an allocation's dates are compared with."""
    return now.astimezone(UTC).date()


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day when it is
    shorter: 31 August + 6 months is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_is_open(now: datetime, opens: datetime, closes: datetime) -> bool:
    return opens <= now < closes


def asked_within(today: date, end: date, days: int) -> bool:
    """Today is within `days` days before `end`, or the end day itself."""
    return end - timedelta(days=days) <= today <= end


def renewal_opens(end: date) -> date:
    return end - timedelta(days=RENEWAL_WITHIN_DAYS)


def extension_opens(end: date) -> date:
    return end - timedelta(days=EXTENSION_WITHIN_DAYS)


def extension_limit(end: date) -> date:
    """The latest end date an extension may ask for."""
    return months_after(end, EXTENSION_MAX_MONTHS)


def in_current_period(today: date, start: date, end: date) -> bool:
    return start <= today <= end


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Subscription:
    """A resource's capacity in a period against what is granted there."""

    capacity: Decimal
    # Already granted in the period (every allocation of the resource in it).
    granted: Decimal
    # What the request would add.
    requested: Decimal

    @property
    def after(self) -> Decimal:
        return self.granted + self.requested

    @property
    def percent_before(self) -> Decimal | None:
        return _percent(self.granted, self.capacity)

    @property
    def percent_after(self) -> Decimal | None:
        """Granted and requested together, as a percentage of the capacity (None without a
        capacity)."""
        return _percent(self.after, self.capacity)

    @property
    def over(self) -> bool:
        return self.after > self.capacity

    @property
    def over_by(self) -> Decimal:
        """How much more than the capacity, granted and requested together (0 when not)."""
        return max(self.after - self.capacity, Decimal(0))
