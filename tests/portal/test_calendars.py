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
