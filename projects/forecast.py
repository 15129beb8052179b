"""How long an allocation lasts at its recent rate of use: plain arithmetic on amounts and
days, kept apart (like steering/tally.py) so that it can be read and tested alone.

- The recent rate is what the ledger recorded over the last RECENT_DAYS days (usage records
  by the day their period ends), divided by those days, or by the days since the
  allocation started when it is younger than that.
- At that rate the remaining time runs out `remaining / rate` days after today (rounded up
  to a whole day); no rate (nothing used lately), no date.
- What is left at the end date at that rate is `remaining - rate x days left`, never less
  than nothing.

The allocation page says "at this rate, runs out on ..., N days before its end date"; the
forecast notice (projects/services/usage.py) warns when it runs out more than 30 days
early or leaves more than half unused. Both read the same `Forecast`.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

RECENT_DAYS = 14


def recent_since(today: date, *, window_days: int = RECENT_DAYS) -> date:
    """The first day of the recent window that ends today: ledger lines whose period ends on
    or after this day count towards the recent rate."""
    return today - timedelta(days=window_days - 1)


@dataclass(frozen=True)
class Forecast:
    today: date
    end: date
    granted: Decimal
    used: Decimal
    # Per day, over the recent window; 0 when nothing was used lately.
    rate: Decimal
    # The day the remaining time is used up at this rate (today when nothing remains); None
    # when nothing is being used.
    runs_out_on: date | None

    @property
    def remaining(self) -> Decimal:
        return max(self.granted - self.used, Decimal(0))

    @property
    def days_left(self) -> int:
        return max((self.end - self.today).days, 0)

    @property
    def runs_out_before_end(self) -> bool:
        return self.runs_out_on is not None and self.runs_out_on < self.end

    @property
    def days_early(self) -> int:
        """How many days before its end date it runs out (0 when it lasts)."""
        if not self.runs_out_before_end or self.runs_out_on is None:
            return 0
        return (self.end - self.runs_out_on).days

    @property
    def unused_at_end(self) -> Decimal:
        return max(self.remaining - self.rate * self.days_left, Decimal(0))

    @property
    def unused_share_at_end(self) -> Decimal:
        """The share of the granted amount left unused at the end date, 0 to 1."""
        if self.granted <= 0:
            return Decimal(0)
        return self.unused_at_end / self.granted


def daily_rate(
    *, used_recently: Decimal, start: date, today: date, window_days: int = RECENT_DAYS
) -> Decimal:
    """Use per day over the recent window (shorter for an allocation younger than it)."""
    observed = min(window_days, (today - start).days + 1)
    if observed <= 0 or used_recently <= 0:
        return Decimal(0)
    return Decimal(used_recently) / observed


def forecast(
    *,
    granted: Decimal,
    used: Decimal,
    start: date,
    end: date,
    today: date,
    used_recently: Decimal,
    window_days: int = RECENT_DAYS,
) -> Forecast:
    """The forecast of an allocation from its totals and what it used in the recent window
    (the sum of its ledger lines ending on or after `recent_since(today)`)."""
    rate = daily_rate(
        used_recently=used_recently, start=start, today=today, window_days=window_days
    )
    remaining = Decimal(granted) - Decimal(used)
    if remaining <= 0:
        runs_out_on: date | None = today
    elif rate > 0:
        runs_out_on = today + timedelta(days=math.ceil(remaining / rate))
    else:
        runs_out_on = None
    return Forecast(
        today=today,
        end=end,
        granted=Decimal(granted),
        used=Decimal(used),
        rate=rate,
        runs_out_on=runs_out_on,
    )


# --- The forecast notice (projects/services/allocation_reminders.py) ------------------------
# It speaks only when the forecast is worth a word: at least MIN_HISTORY_DAYS of history, the
# end not passed, and the allocation running out more than EARLY_MARGIN before its end, or
# leaving more than half of it unused.

MIN_HISTORY_DAYS = 7
EARLY_MARGIN = timedelta(days=30)


def recent_window(*, start: date, today: date) -> int:
    """How many days before today the notice measures the rate over (0: too young)."""
    elapsed = (today - start).days
    if elapsed < MIN_HISTORY_DAYS:
        return 0
    return min(RECENT_DAYS, elapsed)


def forecast_for_notice(
    *, granted: Decimal, used: Decimal, start: date, end: date, today: date, recent_use: Decimal
) -> Forecast | None:
    """The forecast the notice judges, or None when none can be told yet (or any more).

    `recent_use` is what the ledger recorded over the `recent_window()` days before today
    (credits included, so it may be below zero: then the rate is zero)."""
    window = recent_window(start=start, today=today)
    if window == 0 or today > end:
        return None
    return forecast(
        granted=granted,
        used=used,
        start=start,
        end=end,
        today=today,
        used_recently=max(recent_use, Decimal(0)),
        window_days=window,
    )


def runs_out_early(course: Forecast) -> bool:
    """It runs out more than EARLY_MARGIN before its end date."""
    return course.runs_out_on is not None and course.runs_out_on < course.end - EARLY_MARGIN


def leaves_half_unused(course: Forecast) -> bool:
    """More than half of the granted amount would be left unused at the end."""
    return course.unused_share_at_end > Decimal("0.5")
