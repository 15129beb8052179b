"""The arithmetic of usage, thresholds, status and reminders (projects/usage_rules.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from projects.usage_rules import (
    has_ended,
    percent_used,
    reminder_due,
    status_after,
    takes_usage,
    threshold_reached,
    usage_window,
)

END = date(2027, 6, 30)


def test_usage_window_spans_whole_days_in_utc():
    assert usage_window(date(2027, 1, 1), END) == (
        datetime(2027, 1, 1, tzinfo=UTC),
        datetime(2027, 7, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("status", "now", "takes"),
    [
        ("active", datetime(2027, 6, 30, 23, tzinfo=UTC), True),
        ("exhausted", datetime(2027, 6, 1, tzinfo=UTC), True),
        ("expired", datetime(2027, 7, 7, 23, tzinfo=UTC), True),  # a late report
        ("expired", datetime(2027, 7, 8, tzinfo=UTC), False),
        ("suspended", datetime(2027, 6, 1, tzinfo=UTC), False),
    ],
)
def test_which_allocations_take_usage(status, now, takes):
    assert takes_usage(status=status, end=END, now=now) is takes


@pytest.mark.parametrize(
    ("used", "warned", "tell", "mark"),
    [
        ("79.999", {}, None, []),
        ("80", {}, 80, [80]),
        ("95", {80: True}, None, []),
        ("100", {80: True}, 100, [100]),
        ("150", {}, 100, [80, 100]),  # both at once: one notice, both marked
        ("150", {80: True, 100: True}, None, []),
    ],
)
def test_thresholds_are_told_once_and_the_highest_only(used, warned, tell, mark):
    assert threshold_reached(granted=Decimal(100), used=Decimal(used), warned=warned) == (
        tell,
        mark,
    )


@pytest.mark.parametrize(
    ("status", "used", "after"),
    [
        ("active", "99.999", "active"),
        ("active", "100", "exhausted"),
        ("exhausted", "100", "exhausted"),
        ("exhausted", "99", "active"),  # a credit brings it back
        ("expired", "120", "expired"),
        ("suspended", "20", "suspended"),
    ],
)
def test_status_follows_the_used_total(status, used, after):
    assert status_after(status, granted=Decimal(100), used=Decimal(used)) == after


@pytest.mark.parametrize(
    ("today", "reminded_30", "reminded_7", "due"),
    [
        (date(2027, 5, 30), None, None, None),  # 31 days left
        (date(2027, 5, 31), None, None, 30),
        (date(2027, 6, 10), None, None, 30),  # a missed run still sends it
        (date(2027, 6, 10), END, None, None),  # sent already
        (date(2027, 6, 10), date(2027, 5, 31), None, 30),  # sent for an earlier end date
        (date(2027, 6, 23), END, None, 7),
        (date(2027, 6, 25), None, None, 7),  # missed both: only the closer one
        (date(2027, 6, 30), END, END, None),
        (date(2027, 7, 1), None, None, None),  # over
    ],
)
def test_end_reminders(today, reminded_30, reminded_7, due):
    assert reminder_due(end=END, today=today, reminded_30=reminded_30, reminded_7=reminded_7) == due


def test_an_allocation_ends_after_its_end_day():
    assert not has_ended(END, END)
    assert has_ended(END, date(2027, 7, 1))


def test_percent_used_is_rounded_down():
    assert percent_used(Decimal("99.99"), Decimal(100)) == 99
    assert percent_used(Decimal("100"), Decimal(100)) == 100
    assert percent_used(Decimal("1"), Decimal(0)) == 0
