"""The forecast is arithmetic: no database, no clock."""

from datetime import date
from decimal import Decimal

from projects.forecast import daily_rate, forecast, recent_since

START = date(2027, 1, 1)
END = date(2027, 6, 30)
TODAY = date(2027, 3, 1)


def test_the_recent_window_is_fourteen_days_ending_today():
    assert recent_since(TODAY) == date(2027, 2, 16)


def test_the_rate_is_recent_use_over_the_window():
    assert daily_rate(used_recently=Decimal(140), start=START, today=TODAY) == Decimal(10)


def test_a_young_allocation_divides_by_the_days_it_has_run():
    rate = daily_rate(used_recently=Decimal(50), start=date(2027, 2, 25), today=TODAY)

    assert rate == Decimal(10)  # five days, 25 February to 1 March


def test_at_a_high_rate_it_runs_out_before_the_end_and_says_how_early():
    result = forecast(
        granted=Decimal(1000),
        used=Decimal(600),
        start=START,
        end=END,
        today=TODAY,
        used_recently=Decimal(140),
    )

    assert result.rate == Decimal(10)
    assert result.runs_out_on == date(2027, 4, 10)  # 400 left at 10 a day
    assert result.runs_out_before_end
    assert result.days_early == (END - date(2027, 4, 10)).days
    assert result.unused_at_end == 0


def test_at_a_low_rate_it_lasts_and_leaves_time_unused():
    result = forecast(
        granted=Decimal(1000),
        used=Decimal(100),
        start=START,
        end=END,
        today=TODAY,
        used_recently=Decimal(14),
    )

    assert not result.runs_out_before_end
    assert result.days_early == 0
    days_left = (END - TODAY).days
    assert result.unused_at_end == Decimal(900) - Decimal(1) * days_left
    assert result.unused_share_at_end > Decimal("0.5")


def test_nothing_used_lately_gives_no_date():
    result = forecast(
        granted=Decimal(1000),
        used=Decimal(100),
        start=START,
        end=END,
        today=TODAY,
        used_recently=Decimal(0),
    )

    assert result.runs_out_on is None
    assert result.unused_at_end == Decimal(900)


def test_an_exhausted_allocation_ran_out_today():
    result = forecast(
        granted=Decimal(1000),
        used=Decimal(1200),
        start=START,
        end=END,
        today=TODAY,
        used_recently=Decimal(10),
    )

    assert result.remaining == 0
    assert result.runs_out_on == TODAY
    assert result.runs_out_before_end


# --- The forecast notice's judgement

from projects.forecast import forecast_for_notice, leaves_half_unused, recent_window, runs_out_early  # noqa: E402

START, END = date(2027, 1, 1), date(2027, 6, 30)


def _at(today, *, used, recent, granted=1000):
    return forecast_for_notice(
        granted=Decimal(granted),
        used=Decimal(used),
        start=START,
        end=END,
        today=today,
        recent_use=Decimal(recent),
    )


def test_notice_no_forecast_before_a_week_of_history_or_after_the_end():
    assert _at(date(2027, 1, 5), used=10, recent=10) is None
    assert _at(date(2027, 7, 1), used=10, recent=10) is None


def test_notice_the_window_is_two_weeks_or_the_history_when_shorter():
    assert recent_window(start=START, today=date(2027, 1, 8)) == 7
    assert recent_window(start=START, today=date(2027, 3, 1)) == 14


def test_notice_a_fast_rate_runs_out_early():
    result = _at(date(2027, 2, 1), used=300, recent=140)  # 10 a day, 700 left

    assert result.rate == 10
    assert result.runs_out_on == date(2027, 4, 12)
    assert runs_out_early(result)
    assert not leaves_half_unused(result)


def test_notice_a_slow_rate_leaves_more_than_half_unused():
    result = _at(date(2027, 3, 1), used=100, recent=14)  # 1 a day, 122 days to go

    assert result.runs_out_on is None or result.runs_out_on > END
    assert not runs_out_early(result)
    assert leaves_half_unused(result)


def test_notice_a_steady_rate_is_neither():
    result = _at(date(2027, 3, 31), used=500, recent=77)  # 5.5 a day, 92 days: ~1006 at end

    assert not runs_out_early(result)
    assert not leaves_half_unused(result)


def test_notice_nothing_used_recently_never_runs_out_and_credits_do_not_make_a_negative_rate():
    result = _at(date(2027, 2, 1), used=100, recent=-50)

    assert result.rate == 0
    assert result.runs_out_on is None


def test_notice_an_exhausted_allocation_has_run_out_today():
    assert _at(date(2027, 2, 1), used=1000, recent=100).runs_out_on == date(2027, 2, 1)
