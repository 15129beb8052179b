"""iCalendar files: read back with the icalendar package, the way a calendar program would."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr
from icalendar import Calendar

from tpc_portal.calendars import (
    PRODID,
    CalendarEvent,
    EventStatus,
    Frequency,
    Recurrence,
    calendar_bytes,
    ics_response,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def meeting(**overrides):
    fields = {
        "uid": "event-42@tpc.example",
        "start": datetime(2026, 3, 30, 15, 0, tzinfo=BERLIN),
        "end": datetime(2026, 3, 30, 16, 30, tzinfo=BERLIN),
        "time_zone": "Europe/Berlin",
        "title": "Working group on data: monthly call",
        "description": "Agenda: minutes, budget.",
        "location": "Online",
        "url": "https://tpc.example/events/42/",
    }
    fields.update(overrides)
    return CalendarEvent(**fields)


def read(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, calendar.events


def test_calendar_header_says_who_made_it_and_that_it_is_published():
    calendar, _ = read(calendar_bytes([meeting()], name="TPC meetings"))

    assert calendar["PRODID"] == PRODID
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "TPC meetings"
    assert calendar["NAME"] == "TPC meetings"


def test_event_fields_read_back():
    _, [event] = read(calendar_bytes([meeting()], name="TPC meetings"))

    assert event["UID"] == "event-42@tpc.example"
    assert event["SUMMARY"] == "Working group on data: monthly call"
    assert event["DESCRIPTION"] == "Agenda: minutes, budget."
    assert event["LOCATION"] == "Online"
    assert event["URL"] == "https://tpc.example/events/42/"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert "RRULE" not in event


def test_optional_text_fields_are_left_out_when_empty():
    _, [event] = read(
        calendar_bytes([meeting(description="", location="", url="")], name="TPC meetings")
    )

    assert "DESCRIPTION" not in event
    assert "LOCATION" not in event
    assert "URL" not in event


def test_start_and_end_carry_the_organisers_zone_with_its_vtimezone():
    start = datetime(2026, 3, 30, 13, 0, tzinfo=UTC)  # given in UTC, written in Berlin time
    data = calendar_bytes(
        [meeting(start=start, end=start + timedelta(hours=1))], name="TPC meetings"
    )
    calendar, [event] = read(data)

    assert b"DTSTART;TZID=Europe/Berlin:20260330T150000" in data
    assert b"DTEND;TZID=Europe/Berlin:20260330T160000" in data
    assert [zone["TZID"] for zone in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert event.start == start


def test_meeting_the_day_after_the_spring_change_reads_back_at_the_right_instant():
    # Berlin moved to summer time (UTC+2) at 01:00 UTC on 29 March 2026.
    start = datetime(2026, 3, 30, 15, 0, tzinfo=BERLIN)
    data = calendar_bytes([meeting(start=start, end=start + timedelta(hours=1))], name="x")

    _, [event] = read(data)

    assert event.start.astimezone(UTC) == datetime(2026, 3, 30, 13, 0, tzinfo=UTC)
    assert event.end.astimezone(UTC) == datetime(2026, 3, 30, 14, 0, tzinfo=UTC)


def test_the_files_own_vtimezone_knows_the_spring_change():
    # A calendar program without the IANA database reads the zone from the file alone.
    start = datetime(2026, 3, 30, 15, 0, tzinfo=BERLIN)
    calendar, _ = read(
        calendar_bytes([meeting(start=start, end=start + timedelta(hours=1))], name="x")
    )

    [vtimezone] = calendar.timezones
    from_file = vtimezone.to_tz(lookup_tzid=False)

    after = datetime(2026, 3, 30, 15, 0, tzinfo=from_file)
    before = datetime(2026, 3, 28, 15, 0, tzinfo=from_file)
    assert after.astimezone(UTC) == datetime(2026, 3, 30, 13, 0, tzinfo=UTC)
    assert before.astimezone(UTC) == datetime(2026, 3, 28, 14, 0, tzinfo=UTC)


def test_meeting_the_day_before_the_spring_change_is_an_hour_later_in_utc():
    start = datetime(2026, 3, 28, 15, 0, tzinfo=BERLIN)

    _, [event] = read(
        calendar_bytes([meeting(start=start, end=start + timedelta(hours=1))], name="x")
    )

    assert event.start.astimezone(UTC) == datetime(2026, 3, 28, 14, 0, tzinfo=UTC)


def test_each_zone_used_gets_one_vtimezone():
    other = meeting(
        uid="event-43@tpc.example",
        start=datetime(2026, 5, 4, 9, 0, tzinfo=NEW_YORK),
        end=datetime(2026, 5, 4, 10, 0, tzinfo=NEW_YORK),
        time_zone="America/New_York",
    )
    data = calendar_bytes([meeting(), other, meeting(uid="event-44@tpc.example")], name="x")
    calendar, events = read(data)

    assert sorted(zone["TZID"] for zone in calendar.timezones) == [
        "America/New_York",
        "Europe/Berlin",
    ]
    assert len(events) == 3
    assert b"DTSTART;TZID=America/New_York:20260504T090000" in data


def test_vtimezone_comes_before_the_events_that_use_it():
    data = calendar_bytes([meeting()], name="x")

    assert data.index(b"BEGIN:VTIMEZONE") < data.index(b"BEGIN:VEVENT")


def test_meeting_in_utc_is_written_as_utc_without_a_vtimezone():
    start = datetime(2026, 3, 30, 15, 0, tzinfo=UTC)
    data = calendar_bytes(
        [meeting(start=start, end=start + timedelta(hours=1), time_zone="UTC")], name="x"
    )
    calendar, [event] = read(data)

    assert b"DTSTART:20260330T150000Z" in data
    assert calendar.timezones == []
    assert event.start == start


@time_machine.travel(datetime(2026, 2, 1, 9, 30, tzinfo=BERLIN), tick=False)
def test_dtstamp_is_now_in_utc():
    data = calendar_bytes([meeting()], name="x")
    _, [event] = read(data)

    assert b"DTSTAMP:20260201T083000Z" in data
    assert event["DTSTAMP"].dt == datetime(2026, 2, 1, 8, 30, tzinfo=UTC)


def test_dtstamp_may_be_given():
    stamp = datetime(2026, 1, 5, 12, 0, tzinfo=NEW_YORK)

    data = calendar_bytes([meeting()], name="x", stamp=stamp)

    assert b"DTSTAMP:20260105T170000Z" in data


def test_text_with_commas_semicolons_backslashes_and_newlines_is_escaped():
    title = "Budget, plan; review \\ vote"
    description = "Line one, with comma;\nline two\r\nline three"
    data = calendar_bytes([meeting(title=title, description=description)], name="a, b; c")
    calendar, [event] = read(data)

    unfolded = data.replace(b"\r\n ", b"")
    assert b"SUMMARY:Budget\\, plan\\; review \\\\ vote\r\n" in unfolded
    assert b"DESCRIPTION:Line one\\, with comma\\;\\nline two\\nline three\r\n" in unfolded
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"] == "Line one, with comma;\nline two\nline three"
    assert calendar["X-WR-CALNAME"] == "a, b; c"


def test_long_and_non_ascii_lines_are_folded_at_75_octets_and_read_back_whole():
    title = "Заседание руководящего комитета: " + "обсуждение " * 12
    data = calendar_bytes([meeting(title=title)], name="x")
    _, [event] = read(data)

    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert event["SUMMARY"] == title


def test_cancelled_meeting_has_status_cancelled_and_a_bumped_sequence():
    first = calendar_bytes([meeting()], name="x")
    cancelled = calendar_bytes([meeting(sequence=1, status=EventStatus.CANCELLED)], name="x")

    _, [before] = read(first)
    _, [after] = read(cancelled)

    assert after["UID"] == before["UID"]
    assert after["STATUS"] == "CANCELLED"
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert b"STATUS:CANCELLED\r\n" in cancelled
    assert b"SEQUENCE:1\r\n" in cancelled


def test_weekly_series_with_a_count():
    recurrence = Recurrence(frequency=Frequency.WEEKLY, count=10)

    data = calendar_bytes([meeting(recurrence=recurrence)], name="x")
    _, [event] = read(data)

    assert b"RRULE:FREQ=WEEKLY;COUNT=10\r\n" in data
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["COUNT"] == [10]


def test_series_until_is_written_in_utc_and_the_vtimezone_covers_it():
    recurrence = Recurrence(
        frequency=Frequency.MONTHLY,
        interval=2,
        until=datetime(2026, 12, 31, 23, 59, tzinfo=BERLIN),
    )

    data = calendar_bytes([meeting(recurrence=recurrence)], name="x")
    _, [event] = read(data)

    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert event["RRULE"]["INTERVAL"] == [2]
    assert event["RRULE"]["UNTIL"] == [datetime(2026, 12, 31, 22, 59, tzinfo=UTC)]
    assert b"UNTIL=20261231T225900Z" in data
    # The autumn change of 2026 is inside the series, so the VTIMEZONE must list it.
    assert "DTSTART:20261025T030000" in data.decode()


def test_weekly_series_keeps_berlin_wall_clock_time_across_the_change():
    start = datetime(2026, 3, 23, 15, 0, tzinfo=BERLIN)  # a week before the change
    event = meeting(
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence(frequency=Frequency.WEEKLY, count=2),
    )
    _, [read_back] = read(calendar_bytes([event], name="x"))

    occurrences = list(rrulestr(read_back["RRULE"].to_ical().decode(), dtstart=read_back.start))

    # 15:00 Berlin both weeks: 14:00 UTC before the change, 13:00 UTC after it.
    assert [moment.astimezone(UTC) for moment in occurrences] == [
        datetime(2026, 3, 23, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 30, 13, 0, tzinfo=UTC),
    ]


def test_excluded_occurrences_are_written_in_the_organisers_zone():
    start = datetime(2026, 3, 23, 15, 0, tzinfo=BERLIN)
    event = meeting(
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence(frequency=Frequency.WEEKLY, count=4),
        excluded=(datetime(2026, 3, 30, 13, 0, tzinfo=UTC),),
    )

    data = calendar_bytes([event], name="x")

    assert b"EXDATE;TZID=Europe/Berlin:20260330T150000\r\n" in data


def test_empty_calendar_is_still_a_valid_calendar():
    calendar, events = read(calendar_bytes([], name="Nothing yet"))

    assert events == []
    assert calendar["METHOD"] == "PUBLISH"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": datetime(2026, 3, 30, 15, 0)}, "start must be an aware datetime"),  # noqa: DTZ001
        ({"end": datetime(2026, 3, 30, 14, 0, tzinfo=BERLIN)}, "end must be after start"),
        ({"time_zone": "Europe/Atlantis"}, "Europe/Atlantis"),
        ({"uid": ""}, "uid must not be empty"),
        ({"sequence": -1}, "sequence must not be negative"),
    ],
)
def test_event_refuses_what_a_calendar_program_would_misread(overrides, message):
    with pytest.raises(ValueError, match=message):
        meeting(**overrides)


def test_recurrence_refuses_both_count_and_until():
    with pytest.raises(ValueError, match="not both"):
        Recurrence(frequency=Frequency.WEEKLY, count=3, until=datetime(2026, 6, 1, tzinfo=UTC))


def test_ics_response_is_a_utf8_calendar_download():
    data = calendar_bytes([meeting()], name="x")

    response = ics_response(data, "tpc-meeting-42.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tpc-meeting-42.ics"'
    assert response.content == data


def test_ics_response_inline_for_feeds_and_non_ascii_filenames():
    response = ics_response(b"", "заседание.ics", as_attachment=False)

    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")


# --- Full rules, overridden occurrences, feeds --------------------------------------------------


def expand(
    data: bytes, start=datetime(2026, 1, 1, tzinfo=UTC), end=datetime(2028, 1, 1, tzinfo=UTC)
):
    """What a calendar program shows: every occurrence between start and end, by start."""
    import recurring_ical_events

    calendar = Calendar.from_ical(data)
    return sorted(
        recurring_ical_events.of(calendar).between(start, end), key=lambda event: event.start
    )


@pytest.mark.parametrize(
    ("rule", "written"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", b"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\r\n"),
        ("RRULE:FREQ=MONTHLY;BYDAY=2TU", b"RRULE:FREQ=MONTHLY;BYDAY=2TU\r\n"),
        ("freq=monthly;bymonthday=-1", b"RRULE:FREQ=MONTHLY;BYMONTHDAY=-1\r\n"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", b"BYSETPOS=-1\r\n"),
        ({"FREQ": "MONTHLY", "BYDAY": ["-1FR"]}, b"RRULE:FREQ=MONTHLY;BYDAY=-1FR\r\n"),
        ({"freq": "yearly", "bymonth": 3, "byday": "MO,TU"}, b"BYDAY=MO,TU;BYMONTH=3\r\n"),
    ],
)
def test_a_rule_is_taken_as_its_text_or_its_parts_and_written_whole(rule, written):
    data = calendar_bytes([meeting(recurrence=Recurrence.parse(rule))], name="x")

    assert written in data


def test_last_friday_of_the_month_expands_as_the_rule_says():
    start = datetime(2026, 1, 30, 15, 0, tzinfo=BERLIN)  # the last Friday of January
    event = meeting(
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4"),
    )

    days = [occurrence.start.date() for occurrence in expand(calendar_bytes([event], name="x"))]

    assert [day.isoformat() for day in days] == [
        "2026-01-30",
        "2026-02-27",
        "2026-03-27",
        "2026-04-24",
    ]


def test_the_rules_until_and_a_given_until_are_one_and_the_same():
    until = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)

    from_text = Recurrence.parse("FREQ=WEEKLY;UNTIL=20261231T225900Z")
    given = Recurrence.parse("FREQ=WEEKLY", until=until)

    assert from_text == given
    assert given.text() == "FREQ=WEEKLY;UNTIL=20261231T225900Z"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("BYDAY=TU", "needs one FREQ"),
        ("FREQ=HOURLY", "needs one FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a recurrence rule"),
        ("FREQ=WEEKLY;BYDAY=2TU", "needs FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYDAY=0TU", "ordinal"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "out of range"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "cannot be used with FREQ=WEEKLY"),
        ("FREQ=WEEKLY;DTSTART=20260101T000000Z", "unknown rule part"),
        ("FREQ=WEEKLY;UNTIL=20301231", "a time in UTC"),
        ("FREQ=WEEKLY;UNTIL=20301231T000000", "aware"),
        ("FREQ=WEEKLY;COUNT=2;UNTIL=20301231T000000Z", "not both"),
        ("FREQ=WEEKLY;INTERVAL=0", "at least 1"),
        ({"FREQ": "WEEKLY", "BYDAY": ["XX"]}, "not a weekday"),
    ],
)
def test_a_rule_a_calendar_program_would_misread_is_refused(rule, message):
    with pytest.raises(ValueError, match=message):
        Recurrence.parse(rule)


def test_a_rule_with_an_until_is_not_given_another():
    with pytest.raises(ValueError, match="has an UNTIL already"):
        Recurrence.parse(
            "FREQ=WEEKLY;UNTIL=20301231T000000Z", until=datetime(2030, 1, 1, tzinfo=UTC)
        )


def series_with_a_moved_and_a_cancelled_week():
    start = datetime(2026, 3, 17, 15, 0, tzinfo=BERLIN)
    master = meeting(
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.parse("FREQ=WEEKLY;COUNT=4"),
        excluded=(start + timedelta(weeks=1),),
    )
    moved = meeting(
        title="Moved to Thursday",
        start=datetime(2026, 4, 2, 9, 0, tzinfo=BERLIN),
        end=datetime(2026, 4, 2, 10, 0, tzinfo=BERLIN),
        recurrence_id=datetime(2026, 3, 31, 15, 0, tzinfo=BERLIN),
        sequence=1,
    )
    return master, moved


def test_an_overridden_occurrence_shares_the_uid_and_names_the_occurrence_it_replaces():
    master, moved = series_with_a_moved_and_a_cancelled_week()

    data = calendar_bytes([master, moved], name="x")
    _, [first, second] = read(data)

    assert first["UID"] == second["UID"] == master.uid
    assert "RECURRENCE-ID" not in first
    assert b"RECURRENCE-ID;TZID=Europe/Berlin:20260331T150000\r\n" in data
    assert "RRULE" not in second


def test_a_calendar_program_shows_the_moved_occurrence_in_place_and_not_the_excluded_one():
    data = calendar_bytes(list(series_with_a_moved_and_a_cancelled_week()), name="x")

    shown = [(event["SUMMARY"], event.start.astimezone(UTC)) for event in expand(data)]

    assert shown == [
        ("Working group on data: monthly call", datetime(2026, 3, 17, 14, 0, tzinfo=UTC)),
        # 24 March is excluded; 31 March moved to 2 April, in summer time.
        ("Moved to Thursday", datetime(2026, 4, 2, 7, 0, tzinfo=UTC)),
        ("Working group on data: monthly call", datetime(2026, 4, 7, 13, 0, tzinfo=UTC)),
    ]


def test_two_events_replacing_the_same_occurrence_are_refused():
    _, moved = series_with_a_moved_and_a_cancelled_week()

    with pytest.raises(ValueError, match="same occurrence"):
        calendar_bytes([moved, moved], name="x")
    with pytest.raises(ValueError, match="same occurrence"):
        calendar_bytes([meeting(), meeting()], name="x")


def test_an_occurrence_cannot_recur_itself():
    with pytest.raises(ValueError, match="cannot recur"):
        meeting(
            recurrence=Recurrence(frequency=Frequency.WEEKLY),
            recurrence_id=datetime(2026, 3, 30, 15, 0, tzinfo=BERLIN),
        )


def test_the_vtimezone_reaches_back_to_the_occurrence_an_override_replaces():
    # The occurrence was in 2025 (before the summer change); the meeting moved to 2026.
    moved = meeting(recurrence_id=datetime(2025, 12, 30, 15, 0, tzinfo=BERLIN))
    calendar, _ = read(calendar_bytes([moved], name="x"))

    [vtimezone] = calendar.timezones
    from_file = vtimezone.to_tz(lookup_tzid=False)

    assert datetime(2025, 12, 30, 15, 0, tzinfo=from_file).utcoffset() == timedelta(hours=1)


def test_a_gap_time_is_read_with_the_offset_before_the_gap():
    # 02:30 does not exist in Berlin on 29 March 2026: RFC 5545 reads it at +01:00.
    start = datetime(2026, 3, 28, 2, 30, tzinfo=BERLIN)
    event = meeting(
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.parse("FREQ=DAILY;COUNT=3"),
    )

    starts = [
        occurrence.start.astimezone(UTC) for occurrence in expand(calendar_bytes([event], name="x"))
    ]

    assert starts == [
        datetime(2026, 3, 28, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),
    ]


def test_a_feed_says_how_often_to_read_it_again():
    data = calendar_bytes([meeting()], name="x", refresh=timedelta(hours=1))

    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    assert b"REFRESH-INTERVAL" not in calendar_bytes([meeting()], name="x")


def test_the_same_zone_in_two_files_reads_back_the_same():
    first = calendar_bytes([meeting()], name="x")
    second = calendar_bytes([meeting(uid="event-43@tpc.example")], name="x")

    def vtimezone(data):
        return data[data.index(b"BEGIN:VTIMEZONE") : data.index(b"END:VTIMEZONE")]

    assert vtimezone(first) == vtimezone(second)


def test_a_recurring_event_says_how_long_each_occurrence_lasts():
    start = datetime(2026, 3, 23, 15, 0, tzinfo=BERLIN)
    event = meeting(
        start=start,
        end=start + timedelta(minutes=90),
        recurrence=Recurrence(frequency=Frequency.WEEKLY, count=2),
    )

    data = calendar_bytes([event], name="x")

    assert b"DURATION:PT1H30M\r\n" in data
    assert b"DTEND" not in data


def test_a_series_starting_in_a_gap_keeps_the_rules_time_and_its_length():
    # The first occurrence is 02:30 on the night Berlin skips from 02:00 to 03:00.
    start = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)
    event = meeting(
        start=start,
        end=(start.astimezone(UTC) + timedelta(hours=1)).astimezone(BERLIN),
        recurrence=Recurrence.parse("FREQ=WEEKLY;COUNT=2"),
    )

    data = calendar_bytes([event], name="x")
    shown = expand(data)

    assert b"DTSTART;TZID=Europe/Berlin:20260329T023000\r\n" in data
    assert [(e.start.astimezone(UTC), e.duration) for e in shown] == [
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), timedelta(hours=1)),
        (datetime(2026, 4, 5, 0, 30, tzinfo=UTC), timedelta(hours=1)),
    ]


def test_an_event_written_again_after_a_change_shows_the_change():
    before = calendar_bytes([meeting()], name="x")
    after = calendar_bytes([meeting(title="Moved call", sequence=1)], name="x")

    assert b"SUMMARY:Working group on data: monthly call\r\n" in before
    assert b"SUMMARY:Moved call\r\n" in after
    assert b"SEQUENCE:1\r\n" in after


def test_the_same_instant_given_in_another_zone_is_written_in_the_events_zone():
    # 02:30 Berlin on 29 March 2026 (in the gap) and 01:30 UTC are the same instant; the
    # first keeps its digits (the rule's time), the second is written as Berlin reads it.
    in_the_gap = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)
    in_utc = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    rule = Recurrence.parse("FREQ=WEEKLY;COUNT=2")

    first = calendar_bytes(
        [meeting(start=in_the_gap, end=in_utc + timedelta(hours=1), recurrence=rule)], name="x"
    )
    second = calendar_bytes(
        [meeting(start=in_utc, end=in_utc + timedelta(hours=1), recurrence=rule)], name="x"
    )

    assert b"DTSTART;TZID=Europe/Berlin:20260329T023000\r\n" in first
    assert b"DTSTART;TZID=Europe/Berlin:20260329T033000\r\n" in second


def test_a_recurrence_is_a_value():
    first = Recurrence.parse("FREQ=MONTHLY;BYDAY=-1FR")
    second = Recurrence.parse({"FREQ": "MONTHLY", "BYDAY": ["-1FR"]})

    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(TypeError):
        first.parts["BYDAY"] = ("MO",)
