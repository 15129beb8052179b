"""Usage over time as a chart drawn on the server: the geometry of an SVG of cumulative use
against the amount granted, over the allocation's dates. Pure: amounts and days in,
coordinates out; the template (projects/allocations/includes/usage_chart.html) draws it
and lists the same numbers in a table.

Coordinates are strings with a dot for decimals, whatever the reader's language (a
template would write 12,5 in Russian, which SVG does not read).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 72, 624, 16, 208
HEADROOM = Decimal("1.1")


@dataclass(frozen=True)
class UsageDay:
    day: date
    used: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class Tick:
    at: str
    value: object


@dataclass(frozen=True)
class UsageChart:
    start: date
    end: date
    granted: Decimal
    days: list[UsageDay]
    used_points: str
    granted_y: str
    today_x: str | None
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def has_data(self) -> bool:
        return bool(self.days)

    @property
    def used(self) -> Decimal:
        return self.days[-1].cumulative if self.days else Decimal(0)


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def usage_chart(
    *,
    start: date,
    end: date,
    granted: Decimal,
    daily: Sequence[tuple[date, Decimal]],
    today: date | None = None,
) -> UsageChart:
    """The chart of an allocation from `start` to `end` (inclusive), with `daily` its
    ledger summed per day, oldest first. Use dated before the start is drawn on its first
    day, after the end on its last."""
    span = max((end - start).days + 1, 1)
    days: list[UsageDay] = []
    total = Decimal(0)
    for day, used in daily:
        total += used
        shown = min(max(day, start), end)
        if days and days[-1].day == shown:
            days[-1] = UsageDay(shown, days[-1].used + used, total)
        else:
            days.append(UsageDay(shown, used, total))
    top_value = max([Decimal(granted), *(d.cumulative for d in days)]) * HEADROOM
    top_value = top_value if top_value > 0 else Decimal(1)

    def x(day: date, *, end_of_day: bool = True) -> float:
        offset = (day - start).days + (1 if end_of_day else 0)
        return LEFT + (RIGHT - LEFT) * offset / span

    def y(value: Decimal) -> float:
        return BOTTOM - (BOTTOM - TOP) * float(value / top_value)

    points = [(x(start, end_of_day=False), y(Decimal(0)))] if days else []
    points += [(x(d.day), y(d.cumulative)) for d in days]
    middle = start + (end - start) / 2
    return UsageChart(
        start=start,
        end=end,
        granted=Decimal(granted),
        days=days,
        used_points=" ".join(f"{_coordinate(px)},{_coordinate(py)}" for px, py in points),
        granted_y=_coordinate(y(Decimal(granted))),
        today_x=_coordinate(x(today)) if today is not None and start <= today <= end else None,
        y_ticks=[
            Tick(_coordinate(y(value)), value) for value in (Decimal(0), granted / 2, granted)
        ],
        x_ticks=[
            Tick(_coordinate(x(start, end_of_day=False)), start),
            Tick(_coordinate(x(middle)), middle),
            Tick(_coordinate(x(end)), end),
        ],
    )
