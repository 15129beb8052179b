"""The rules of asking and the chart's geometry are arithmetic: no database."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from projects.allocation_rules import (
    Subscription,
    asked_within,
    extension_limit,
    months_after,
    window_is_open,
)
from projects.usage_chart import usage_chart
from tests.allocations.helpers import moment

END = date(2027, 6, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 6, 30), 6, date(2027, 12, 30)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year's February
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 12, 31), 1, date(2028, 1, 31)),
    ],
)
def test_months_after_keeps_the_day_or_the_months_last(day, months, expected):
    assert months_after(day, months) == expected


def test_an_extension_goes_at_most_six_months_past_the_end():
    assert extension_limit(END) == date(2027, 12, 30)


@pytest.mark.parametrize(
    ("today", "inside"),
    [
        (date(2027, 5, 16), False),  # 45 days before
        (date(2027, 5, 30), False),  # 31 days before
        (date(2027, 5, 31), True),  # 30 days before
        (END, True),
        (date(2027, 7, 1), False),  # after the end
    ],
)
def test_asked_within_30_days_of_the_end(today, inside):
    assert asked_within(today, END, 30) is inside


def test_the_window_opens_at_its_opening_and_closes_at_its_close():
    opens, closes = moment(2026, 10, 1, 0), moment(2026, 12, 1, 0)

    assert window_is_open(opens, opens, closes)
    assert not window_is_open(closes, opens, closes)


def test_a_subscription_over_the_capacity_says_by_how_much():
    subscription = Subscription(
        capacity=Decimal(100_000), granted=Decimal(90_000), requested=Decimal(20_000)
    )

    assert subscription.over
    assert subscription.percent_before == Decimal("90.0")
    assert subscription.percent_after == Decimal("110.0")
    assert subscription.over_by == Decimal(10_000)


def test_a_subscription_at_capacity_is_not_over():
    subscription = Subscription(capacity=Decimal(10), granted=Decimal(4), requested=Decimal(6))

    assert not subscription.over
    assert subscription.over_by == 0


def test_a_resource_without_capacity_has_no_percentage():
    assert (
        Subscription(capacity=Decimal(0), granted=Decimal(0), requested=Decimal(1)).percent_after
        is None
    )


# --- The chart --------------------------------------------------------------------------------


def test_a_chart_without_usage_has_the_granted_line_and_no_use():
    chart = usage_chart(start=date(2027, 1, 1), end=END, granted=Decimal(1000), daily=[])

    assert not chart.has_data
    assert chart.used_points == ""
    assert chart.used == 0
    assert float(chart.granted_y) < chart.bottom


def test_a_chart_adds_up_the_use_day_by_day():
    chart = usage_chart(
        start=date(2027, 1, 1),
        end=END,
        granted=Decimal(1000),
        daily=[(date(2027, 1, 2), Decimal(100)), (date(2027, 1, 3), Decimal(50))],
        today=date(2027, 1, 10),
    )

    assert [(d.day, d.used, d.cumulative) for d in chart.days] == [
        (date(2027, 1, 2), Decimal(100), Decimal(100)),
        (date(2027, 1, 3), Decimal(50), Decimal(150)),
    ]
    points = chart.used_points.split()
    assert points[0] == f"{chart.left:.1f},{chart.bottom:.1f}"  # from nothing, at the start
    assert len(points) == 3
    assert chart.today_x is not None


def test_use_dated_outside_the_allocation_is_drawn_at_its_edges():
    chart = usage_chart(
        start=date(2027, 1, 1),
        end=END,
        granted=Decimal(1000),
        daily=[
            (date(2026, 12, 30), Decimal(5)),
            (date(2027, 1, 1), Decimal(5)),
            (date(2027, 7, 3), Decimal(1)),
        ],
    )

    assert [(d.day, d.cumulative) for d in chart.days] == [
        (date(2027, 1, 1), Decimal(10)),
        (END, Decimal(11)),
    ]


def test_over_use_stays_inside_the_drawing():
    chart = usage_chart(
        start=date(2027, 1, 1),
        end=END,
        granted=Decimal(10),
        daily=[(date(2027, 1, 2), Decimal(30))],
    )

    assert all(float(point.split(",")[1]) >= chart.top for point in chart.used_points.split())


def test_the_drawing_reads_the_same_in_russian():
    """Coordinates keep their decimal point whatever the reader's language."""
    allocation = SimpleNamespace(
        pk=7,
        resource=SimpleNamespace(name="Polaris", unit="gpu_hours"),
        period=SimpleNamespace(name="2027-H1"),
    )
    chart = usage_chart(
        start=date(2027, 1, 1),
        end=END,
        granted=Decimal("1000.5"),
        daily=[(date(2027, 1, 2), Decimal("12.5"))],
    )
    with translation.override("ru"):
        svg = render_to_string(
            "projects/allocations/includes/usage_chart.html",
            {"chart": chart, "allocation": allocation},
        )

    assert f'points="{chart.used_points}"' in svg
    assert f'y1="{chart.granted_y}"' in svg
    assert "." in chart.granted_y
