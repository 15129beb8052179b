"""The forecast at the recent rate of use (projects/forecast.py)."""

from datetime import date
from decimal import Decimal

from projects.forecast import forecast, recent_window

START, END = date(2027, 1, 1), date(2027, 6, 30)


def _at(today, *, used, recent, granted=1000):
    return forecast(
        granted=Decimal(granted),
        used=Decimal(used),
        start=START,
        end=END,
        today=today,
        recent_use=Decimal(recent),
    )


def test_no_forecast_before_a_week_of_history_or_after_the_end():
    assert _at(date(2027, 1, 5), used=10, recent=10) is None
    assert _at(date(2027, 7, 1), used=10, recent=10) is None


def test_the_window_is_two_weeks_or_the_history_when_shorter():
    assert recent_window(start=START, today=date(2027, 1, 8)) == 7
    assert recent_window(start=START, today=date(2027, 3, 1)) == 14


def test_a_fast_rate_runs_out_early():
    result = _at(date(2027, 2, 1), used=300, recent=140)  # 10 a day, 700 left

    assert result.rate == 10
    assert result.runs_out_on == date(2027, 4, 12)
    assert result.runs_out_early
    assert not result.leaves_half_unused


def test_a_slow_rate_leaves_more_than_half_unused():
    result = _at(date(2027, 3, 1), used=100, recent=14)  # 1 a day, 122 days to go

    assert result.runs_out_on is None or result.runs_out_on > END
    assert not result.runs_out_early
    assert result.leaves_half_unused


def test_a_steady_rate_is_neither():
    result = _at(date(2027, 3, 31), used=500, recent=77)  # 5.5 a day, 92 days: ~1006 at end

    assert not result.runs_out_early
    assert not result.leaves_half_unused


def test_nothing_used_recently_never_runs_out_and_credits_do_not_make_a_negative_rate():
    result = _at(date(2027, 2, 1), used=100, recent=-50)

    assert result.rate == 0
    assert result.runs_out_on is None


def test_an_exhausted_allocation_has_run_out_today():
    assert _at(date(2027, 2, 1), used=1000, recent=100).runs_out_on == date(2027, 2, 1)
