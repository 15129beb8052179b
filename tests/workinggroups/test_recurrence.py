"""When a series meets: local time kept across daylight saving, the gap and the repeated
hour, months without a 31st, the last day of the month, presets and rule validation."""

from datetime import UTC, date, datetime, time

import pytest

from workinggroups.recurrence import (
    Pattern,
    RuleError,
    first_day_error,
    local_moment,
    occurrences,
    occurrences_before,
    rule_count,
    rule_with_count,
    validate_rule,
)
from workinggroups.recurrence_words import (
    Preset,
    describe_rule,
    preset_of,
    preset_rule,
)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _starts(pattern: Pattern, after: datetime, before: datetime) -> list[datetime]:
    return [o.start for o in occurrences(pattern, after=after, before=before)]


def test_weekly_chicago_series_stays_at_16_local_across_the_march_change():
    pattern = Pattern(
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16),
        time_zone="America/Chicago",
    )
    starts = _starts(pattern, _utc(2026, 1, 1), _utc(2026, 3, 18))
    assert starts == [
        _utc(2026, 2, 3, 22),
        _utc(2026, 2, 10, 22),
        _utc(2026, 2, 17, 22),
        _utc(2026, 2, 24, 22),
        _utc(2026, 3, 3, 22),
        # Clocks went forward on Sunday 8 March: 16:00 CDT is 21:00Z.
        _utc(2026, 3, 10, 21),
        _utc(2026, 3, 17, 21),
    ]


def test_berlin_series_follows_late_march_and_late_october():
    pattern = Pattern(
        rule="FREQ=WEEKLY;BYDAY=TH",
        first_day=date(2026, 3, 19),
        local_time=time(15),
        time_zone="Europe/Berlin",
    )
    spring = _starts(pattern, _utc(2026, 3, 1), _utc(2026, 4, 3))
    assert spring == [_utc(2026, 3, 19, 14), _utc(2026, 3, 26, 14), _utc(2026, 4, 2, 13)]
    autumn = _starts(pattern, _utc(2026, 10, 15), _utc(2026, 11, 6))
    assert autumn == [
        _utc(2026, 10, 15, 13),
        _utc(2026, 10, 22, 13),
        _utc(2026, 10, 29, 14),
        _utc(2026, 11, 5, 14),
    ]


def test_a_time_in_the_spring_gap_takes_the_offset_before_the_gap():
    # 02:30 does not exist in Berlin on 29 March 2026: RFC 5545 3.3.5 reads it as +01:00.
    assert local_moment(date(2026, 3, 29), time(2, 30), "Europe/Berlin") == _utc(2026, 3, 29, 1, 30)
    pattern = Pattern(
        rule="FREQ=WEEKLY;BYDAY=SU",
        first_day=date(2026, 3, 22),
        local_time=time(2, 30),
        time_zone="Europe/Berlin",
    )
    assert _starts(pattern, _utc(2026, 3, 1), _utc(2026, 4, 6)) == [
        _utc(2026, 3, 22, 1, 30),  # 02:30 CET
        _utc(2026, 3, 29, 1, 30),  # in the gap: shown as 03:30 CEST
        _utc(2026, 4, 5, 0, 30),  # 02:30 CEST
    ]


def test_an_ambiguous_time_is_its_first_instance():
    # 02:30 happens twice in Berlin on 25 October 2026; the first is still summer time.
    assert local_moment(date(2026, 10, 25), time(2, 30), "Europe/Berlin") == _utc(
        2026, 10, 25, 0, 30
    )


def test_monthly_on_the_31st_skips_months_without_one():
    pattern = Pattern(
        rule="FREQ=MONTHLY;BYMONTHDAY=31",
        first_day=date(2026, 1, 31),
        local_time=time(10),
        time_zone="UTC",
    )
    days = [o.day for o in occurrences(pattern, after=_utc(2026, 1, 1), before=_utc(2027, 1, 1))]
    assert days == [
        date(2026, 1, 31),
        date(2026, 3, 31),
        date(2026, 5, 31),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 10, 31),
        date(2026, 12, 31),
    ]


def test_last_day_of_the_month_meets_every_month():
    rule = preset_rule(Preset.MONTHLY_LAST_DAY, date(2026, 1, 31))
    pattern = Pattern(rule=rule, first_day=date(2026, 1, 31), local_time=time(9), time_zone="UTC")
    days = [o.day for o in occurrences(pattern, after=_utc(2026, 1, 1), before=_utc(2026, 6, 1))]
    assert days == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_alternate_time_is_every_second_occurrence():
    pattern = Pattern(
        rule="FREQ=WEEKLY;BYDAY=MO",
        first_day=date(2026, 2, 2),
        local_time=time(16),
        alternate_time=time(8),
        time_zone="UTC",
    )
    found = occurrences(pattern, after=_utc(2026, 2, 1), before=_utc(2026, 3, 1))
    assert [(o.index, o.start.hour) for o in found] == [(0, 16), (1, 8), (2, 16), (3, 8)]
    # The index counts from the series' first meeting, whatever the window.
    later = occurrences(pattern, after=_utc(2026, 2, 10), before=_utc(2026, 2, 20))
    assert [(o.index, o.start.hour) for o in later] == [(2, 16)]


def test_until_is_the_last_day_inclusive_and_count_ends_a_rule():
    pattern = Pattern(
        rule="FREQ=WEEKLY;BYDAY=MO",
        first_day=date(2026, 2, 2),
        local_time=time(16),
        time_zone="UTC",
        until=date(2026, 2, 16),
    )
    assert len(occurrences(pattern, after=_utc(2026, 1, 1), before=_utc(2027, 1, 1))) == 3
    counted = Pattern(
        rule="FREQ=WEEKLY;BYDAY=MO;COUNT=2",
        first_day=date(2026, 2, 2),
        local_time=time(16),
        time_zone="UTC",
    )
    assert len(occurrences(counted, after=_utc(2026, 1, 1), before=_utc(2027, 1, 1))) == 2
    assert len(occurrences_before(counted, _utc(2026, 2, 5))) == 1


@pytest.mark.parametrize(
    ("preset", "day", "rule"),
    [
        (Preset.WEEKLY, date(2026, 2, 3), "FREQ=WEEKLY;BYDAY=TU"),
        (Preset.BIWEEKLY, date(2026, 2, 3), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        (Preset.MONTHLY_WEEKDAY, date(2026, 2, 10), "FREQ=MONTHLY;BYDAY=2TU"),
        (Preset.MONTHLY_LAST_WEEKDAY, date(2026, 2, 27), "FREQ=MONTHLY;BYDAY=-1FR"),
        (Preset.MONTHLY_DAY, date(2026, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=31"),
        (Preset.MONTHLY_LAST_DAY, date(2026, 2, 28), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ],
)
def test_presets_build_their_rule_from_the_first_day_and_are_recognised(preset, day, rule):
    assert preset_rule(preset, day) == rule
    assert preset_of(rule) == preset
    pattern = Pattern(rule=rule, first_day=day, local_time=time(9), time_zone="UTC")
    assert first_day_error(pattern) is None


@pytest.mark.parametrize(
    ("preset", "day"),
    [
        (Preset.MONTHLY_LAST_WEEKDAY, date(2026, 2, 20)),  # not the last Friday
        (Preset.MONTHLY_WEEKDAY, date(2026, 3, 31)),  # a fifth Tuesday
        (Preset.MONTHLY_LAST_DAY, date(2026, 2, 27)),
    ],
)
def test_presets_refuse_a_first_day_they_cannot_start_on(preset, day):
    with pytest.raises(RuleError):
        preset_rule(preset, day)


def test_a_first_day_off_the_rule_is_refused():
    pattern = Pattern(
        rule="FREQ=WEEKLY;BYDAY=TU", first_day=date(2026, 2, 2), local_time=time(9), time_zone="UTC"
    )
    assert "2 Feb 2026" in first_day_error(pattern)


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "BYDAY=TU",
        "FREQ=HOURLY",
        "FREQ=MINUTELY",
        "FREQ=FORTNIGHTLY",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20260101",
        "FREQ=WEEKLY;UNTIL=20260101",
        "FREQ=WEEKLY;FOO=BAR",
        "FREQ=WEEKLY;BYHOUR=9",
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;COUNT=-1",
        "FREQ=WEEKLY;BYDAY=2TU",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=WEEKLY;BYMONTHDAY=1",
        "FREQ=MONTHLY;BYWEEKNO=3",
        "FREQ=WEEKLY;INTERVAL",
        "DTSTART=20260101T100000;FREQ=WEEKLY",
    ],
)
def test_invalid_rules_are_refused_with_a_reason(rule):
    with pytest.raises(RuleError) as refused:
        validate_rule(rule)
    assert refused.value.message


def test_a_valid_rule_comes_back_in_normal_form():
    assert validate_rule("rrule:freq=weekly;interval=2;byday=tu") == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    )
    assert validate_rule("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1") == (
        "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1"
    )


def test_count_is_read_replaced_and_dropped():
    assert rule_count("FREQ=WEEKLY;COUNT=5") == 5
    assert rule_count("FREQ=WEEKLY") is None
    assert rule_with_count("FREQ=WEEKLY;COUNT=5;BYDAY=TU", 2) == "FREQ=WEEKLY;BYDAY=TU;COUNT=2"
    assert rule_with_count("FREQ=WEEKLY;COUNT=5", None) == "FREQ=WEEKLY"


def test_rules_are_described_in_words():
    assert describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU") == "Every second week on Tuesday"
    assert describe_rule("FREQ=MONTHLY;BYDAY=-1FR") == "Monthly on the last Friday"
    assert describe_rule("FREQ=MONTHLY;BYDAY=2TU") == "Monthly on the second Tuesday"
    assert describe_rule("FREQ=MONTHLY;BYMONTHDAY=-1") == "Monthly on the last day"
    assert describe_rule("FREQ=DAILY;BYDAY=MO,WE") == "Repeats: FREQ=DAILY;BYDAY=MO,WE"
