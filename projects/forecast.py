"""Where an allocation is heading at its recent rate of use: plain arithmetic, no database.

The rate is what the ledger recorded over the last RECENT_DAYS days (fewer when the
allocation is younger), per day. At that rate the allocation runs out on `runs_out_on`
(None when nothing is being used) and has `used_at_end` used on its end day. Two findings
deserve a word to the project's leads (the forecast notice, projects/services/
allocation_reminders.py): it runs out more than EARLY_MARGIN before its end date, or it would
leave more than half of the granted amount unused. No forecast is made before the allocation
has MIN_HISTORY_DAYS of history, nor after its end.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

RECENT_DAYS = 14
MIN_HISTORY_DAYS = 7
EARLY_MARGIN = timedelta(days=30)


@dataclass(frozen=True)
class Forecast:
    granted: Decimal
    used: Decimal
    end: date
    # Per day, over the recent window.
    rate: Decimal
    # The day the granted amount is used up at that rate (today if it already is), or None.
    runs_out_on: date | None
    # What will have been used by the end of the end day at that rate.
    used_at_end: Decimal

    @property
    def runs_out_early(self) -> bool:
        """It runs out more than EARLY_MARGIN before its end date."""
        return self.runs_out_on is not None and self.runs_out_on < self.end - EARLY_MARGIN

    @property
    def runs_out_before_end(self) -> bool:
        return self.runs_out_on is not None and self.runs_out_on < self.end

    @property
    def leaves_half_unused(self) -> bool:
        """More than half of the granted amount would be left unused at the end."""
        return (self.granted - self.used_at_end) * 2 > self.granted


def recent_window(*, start: date, today: date) -> int:
    """How many days before today the recent rate is measured over (0: too young)."""
    elapsed = (today - start).days
    if elapsed < MIN_HISTORY_DAYS:
        return 0
    return min(RECENT_DAYS, elapsed)


def forecast(
    *,
    granted: Decimal,
    used: Decimal,
    start: date,
    end: date,
    today: date,
    recent_use: Decimal,
) -> Forecast | None:
    """The allocation's course at its recent rate, or None when none can be told (less than
    MIN_HISTORY_DAYS since its start, or its end day passed).

    `recent_use` is what the ledger recorded over the `recent_window()` days before today
    (credits included, so it may be less than zero: then the rate is zero).
    """
    window = recent_window(start=start, today=today)
    if window == 0 or today > end:
        return None
    rate = max(recent_use, Decimal(0)) / window
    remaining = granted - used
    days_left = (end - today).days + 1  # today's use counts: the end day is the last
    if remaining <= 0:
        runs_out_on: date | None = today
    elif rate > 0:
        days = (remaining / rate).to_integral_value(rounding=ROUND_FLOOR)
        runs_out_on = today + timedelta(days=int(min(days, Decimal(365 * 100))))
    else:
        runs_out_on = None
    return Forecast(
        granted=granted,
        used=used,
        end=end,
        rate=rate,
        runs_out_on=runs_out_on,
        used_at_end=used + rate * days_left,
    )
