"""Calendar files of meetings and series, read back the way a calendar program reads them
(recurring-ical-events expands the series): issue 11, item 9.

The series' occurrences are made here as the series' services store them (dateutil's rrule
in the series' zone; see `occurrences_of`), so these tests hold the exported rule to the
stored rows without depending on those services.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from dateutil.rrule import rrulestr
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import MeetingFactory, UserFactory, WorkingGroupFactory
from tpc_portal.feeds import feed_bytes
from workinggroups.models import Meeting, Membership, Series, WorkingGroup
from workinggroups.services.meetings import meeting_update

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
BERLIN = ZoneInfo("Europe/Berlin")
VIDEO = "https://meet.example.org/tpc-secret-room"
ROOM = "Building 240, room 1404"


# --- Series as the series' services store them ------------------------------------------------


def occurrences_of(series: Series, *, through: date) -> list[datetime]:
    """The series' occurrences up to `through` (or its last day), in UTC: the rule in the
    series' zone from its first day, at its local time (every second one at the alternate
    time when it has one), a time in a spring-forward gap read with the offset before the
    gap (Python's fold=0, as RFC 5545 says)."""
    zone = ZoneInfo(series.time_zone)
    last = min(through, series.until or through)
    rule = rrulestr(series.rule, dtstart=datetime.combine(series.first_day, series.local_time))
    found = []
    for index, local in enumerate(rule):
        if local.date() > last:
            break
        at = series.alternate_time if series.alternate_time and index % 2 else series.local_time
        found.append(datetime.combine(local.date(), at, zone).astimezone(UTC))
    return found


def make_series(
    group: WorkingGroup,
    *,
    rule: str,
    first_day: date,
    local_time: time,
    time_zone: str,
    through: date,
    **fields,
) -> Series:
    """A series and its stored occurrences up to `through`."""
    series = Series.objects.create(
        group=group,
        title=fields.pop("title", "Weekly call"),
        rule=rule,
        time_zone=time_zone,
        first_day=first_day,
        local_time=local_time,
        location=fields.pop("location", ROOM),
        video_link=fields.pop("video_link", VIDEO),
        agenda=fields.pop("agenda", "1. Round of news\n2. Next steps"),
        created_by=group.proposer,
        **fields,
    )
    Meeting.objects.bulk_create(
        Meeting(
            group=group,
            series=series,
            occurrence=moment,
            start=moment,
            duration_minutes=series.duration_minutes,
            time_zone=series.time_zone,
            title=series.title,
            location=series.location,
            video_link=series.video_link,
            agenda=series.agenda,
            created_by=group.proposer,
        )
        for moment in occurrences_of(series, through=through)
    )
    return series


def cancel(meeting: Meeting) -> Meeting:
    """What cancelling one occurrence does to its row."""
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.updated = timezone.now()
    meeting.save()
    return meeting


def move(meeting: Meeting, to: datetime, **changes) -> Meeting:
    """What changing one occurrence does to its row: detached, its RECURRENCE-ID kept."""
    meeting.start = to
    meeting.detached = True
    meeting.sequence += 1
    meeting.updated = timezone.now()
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.save()
    return meeting


def stored(series: Series) -> list[Meeting]:
    return list(series.meetings.order_by("start"))


# --- Reading files as a calendar program does --------------------------------------------------


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def group(member):
    return WorkingGroupFactory(slug="evaluation", members=[member])


def series_file(client, series: Series) -> bytes:
    url = reverse("workinggroups:series_ics", args=[series.group.slug, series.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def meeting_file(client, meeting: Meeting) -> bytes:
    url = reverse("workinggroups:meeting_ics", args=[meeting.group.slug, meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def expand(data: bytes, *, through: date | None = None):
    """The occurrences a calendar program shows, by start (cancelled ones left out)."""
    calendar = Calendar.from_ical(data)
    end = datetime.combine(through or date(2028, 1, 1), time(23, 59, 59), UTC)
    shown = recurring_ical_events.of(calendar).between(datetime(2020, 1, 1, tzinfo=UTC), end)
    return sorted(
        (event for event in shown if event.get("STATUS") != "CANCELLED"),
        key=lambda event: event.start,
    )


def starts(events) -> list[datetime]:
    return [event.start.astimezone(UTC) for event in events]


def events_of(data: bytes):
    return Calendar.from_ical(data).events


def expected_starts(series: Series) -> list[datetime]:
    """The stored occurrences a calendar must show: cancelled ones out, moved ones moved."""
    return sorted(
        meeting.start for meeting in stored(series) if meeting.status != Meeting.Status.CANCELLED
    )


# --- Daylight-saving time: the file says what was stored ---------------------------------------


def test_weekly_chicago_series_stays_at_16_local_22z_then_21z_after_8_march(client, member, group):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 4, 28),
    )
    client.force_login(member)

    shown = expand(series_file(client, series), through=date(2026, 4, 28))

    assert starts(shown) == expected_starts(series)
    assert starts(shown)[:6] == [
        datetime(2026, 2, 3, 22, 0, tzinfo=UTC),
        datetime(2026, 2, 10, 22, 0, tzinfo=UTC),
        datetime(2026, 2, 17, 22, 0, tzinfo=UTC),
        datetime(2026, 2, 24, 22, 0, tzinfo=UTC),
        datetime(2026, 3, 3, 22, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 21, 0, tzinfo=UTC),  # Chicago moved to CDT on 8 March
    ]
    assert {event.start.astimezone(CHICAGO).time() for event in shown} == {time(16, 0)}


def test_series_file_starts_in_local_time_with_its_zone_and_vtimezone(client, member, group):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 3, 31),
    )
    client.force_login(member)

    data = series_file(client, series)
    calendar = Calendar.from_ical(data)

    assert b"DTSTART;TZID=America/Chicago:20260203T160000\r\n" in data
    assert b"RRULE:FREQ=WEEKLY;BYDAY=TU\r\n" in data
    assert [zone["TZID"] for zone in calendar.timezones] == ["America/Chicago"]
    assert calendar.get_missing_tzids() == set()


def test_berlin_series_keeps_15_local_across_late_march_and_late_october(client, member, group):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=MO",
        first_day=date(2026, 3, 16),
        local_time=time(15, 0),
        time_zone="Europe/Berlin",
        through=date(2026, 11, 9),
    )
    client.force_login(member)

    shown = expand(series_file(client, series), through=date(2026, 11, 9))

    assert starts(shown) == expected_starts(series)
    by_day = {moment.date(): moment.time() for moment in starts(shown)}
    assert by_day[date(2026, 3, 23)] == time(14, 0)  # CET
    assert by_day[date(2026, 3, 30)] == time(13, 0)  # CEST from 29 March
    assert by_day[date(2026, 10, 19)] == time(13, 0)
    assert by_day[date(2026, 10, 26)] == time(14, 0)  # CET again from 25 October


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        # "The 31st" skips the months that have none.
        (
            "FREQ=MONTHLY;BYMONTHDAY=31",
            ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31", "2026-08-31"],
        ),
        # The last day of every month.
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"],
        ),
    ],
)
def test_monthly_series_on_the_31st_and_on_the_last_day(client, member, group, rule, days):
    series = make_series(
        group,
        rule=rule,
        first_day=date(2026, 1, 1),
        local_time=time(17, 0),
        time_zone="Europe/Berlin",
        through=date(2026, 8, 31),
    )
    client.force_login(member)

    shown = expand(series_file(client, series), through=date(2026, 8, 31))

    assert starts(shown) == expected_starts(series)
    local_days = [event.start.astimezone(BERLIN).date().isoformat() for event in shown]
    assert local_days[:5] == days


def test_a_0230_berlin_occurrence_on_29_march_2026_is_0130z_in_the_file_too(client, member, group):
    # 02:30 does not exist that night (the clocks go from 02:00 to 03:00): the series'
    # services store it with the offset before the gap, 01:30Z, and RFC 5545 reads the
    # file's 02:30 the same way.
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=SU",
        first_day=date(2026, 3, 15),
        local_time=time(2, 30),
        time_zone="Europe/Berlin",
        through=date(2026, 4, 12),
    )
    client.force_login(member)

    shown = expand(series_file(client, series), through=date(2026, 4, 12))

    assert starts(shown) == expected_starts(series)
    assert datetime(2026, 3, 29, 1, 30, tzinfo=UTC) in starts(shown)
    assert all(event.duration == timedelta(hours=1) for event in shown)


def test_the_gap_occurrence_cancelled_is_excluded_at_the_rules_own_time(client, member, group):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=SU",
        first_day=date(2026, 3, 15),
        local_time=time(2, 30),
        time_zone="Europe/Berlin",
        through=date(2026, 4, 12),
    )
    cancel(series.meetings.get(occurrence=datetime(2026, 3, 29, 1, 30, tzinfo=UTC)))
    client.force_login(member)

    data = series_file(client, series)

    assert b"EXDATE;TZID=Europe/Berlin:20260329T023000\r\n" in data
    assert starts(expand(data, through=date(2026, 4, 12))) == expected_starts(series)


def test_a_series_whose_first_day_is_not_on_the_rule_starts_at_its_first_occurrence(
    client, member, group
):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        first_day=date(2026, 2, 1),  # a Sunday
        local_time=time(9, 0),
        time_zone="America/Chicago",
        through=date(2026, 4, 30),
    )
    client.force_login(member)

    data = series_file(client, series)

    # Every second week counted from the week of 1 February (weeks start on Monday): its
    # Tuesday is before the first day, so the first is the Tuesday two weeks on.
    assert b"DTSTART;TZID=America/Chicago:20260210T090000\r\n" in data
    assert starts(expand(data, through=date(2026, 4, 30))) == expected_starts(series)


def test_a_series_with_a_last_day_ends_at_the_end_of_that_day_local(client, member, group):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        until=date(2026, 3, 17),
        through=date(2026, 12, 31),
    )
    client.force_login(member)

    data = series_file(client, series)

    # 23:59:59 CDT on 17 March is 04:59:59Z on the 18th.
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20260318T045959Z;BYDAY=TU\r\n" in data
    assert starts(expand(data)) == expected_starts(series)
    assert len(expected_starts(series)) == 7


# --- Changes: cancelled, moved, the whole series ------------------------------------------------


@pytest.fixture
def weekly(group):
    return make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 4, 28),
    )


def test_cancelled_occurrences_are_excluded_and_moved_ones_shown_at_their_new_time(
    client, member, weekly
):
    cancelled = cancel(weekly.meetings.get(occurrence=datetime(2026, 3, 3, 22, 0, tzinfo=UTC)))
    moved = move(
        weekly.meetings.get(occurrence=datetime(2026, 3, 10, 21, 0, tzinfo=UTC)),
        datetime(2026, 3, 12, 14, 0, tzinfo=UTC),
        title="Moved to Thursday",
    )
    client.force_login(member)

    data = series_file(client, weekly)
    shown = expand(data, through=date(2026, 4, 28))

    assert starts(shown) == expected_starts(weekly)
    assert cancelled.start not in starts(shown)
    assert moved.start in starts(shown)
    assert [event["SUMMARY"] for event in shown if event.start == moved.start] == [
        "Moved to Thursday"
    ]
    assert b"EXDATE;TZID=America/Chicago:20260303T160000\r\n" in data
    assert b"RECURRENCE-ID;TZID=America/Chicago:20260310T160000\r\n" in data


def test_a_moved_occurrence_keeps_the_series_uid_and_its_sequence_goes_up(client, member, weekly):
    meeting = weekly.meetings.get(occurrence=datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    client.force_login(member)
    [before] = events_of(meeting_file(client, meeting))

    move(meeting, datetime(2026, 3, 11, 21, 0, tzinfo=UTC))
    [after] = events_of(meeting_file(client, meeting))

    assert before["UID"] == after["UID"] == weekly.uid
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after["RECURRENCE-ID"].dt == before["RECURRENCE-ID"].dt
    assert after["RECURRENCE-ID"].dt.astimezone(UTC) == datetime(2026, 3, 10, 21, 0, tzinfo=UTC)
    assert after.start.astimezone(UTC) == datetime(2026, 3, 11, 21, 0, tzinfo=UTC)


def test_a_change_to_the_whole_series_keeps_its_uid_and_raises_its_sequence(client, member, weekly):
    client.force_login(member)
    [before] = events_of(series_file(client, weekly))

    Series.objects.filter(pk=weekly.pk).update(title="Renamed call", sequence=1)
    [after] = events_of(series_file(client, weekly))

    assert after["UID"] == before["UID"] == weekly.uid
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after["SUMMARY"] == "Renamed call"


def test_a_changed_occurrence_never_falls_behind_its_series_sequence(client, member, weekly):
    meeting = move(
        weekly.meetings.get(occurrence=datetime(2026, 3, 10, 21, 0, tzinfo=UTC)),
        datetime(2026, 3, 11, 21, 0, tzinfo=UTC),
    )
    Series.objects.filter(pk=weekly.pk).update(sequence=5)
    client.force_login(member)

    [recurring, changed] = events_of(series_file(client, weekly))

    assert meeting.sequence == 1
    assert (recurring["SEQUENCE"], changed["SEQUENCE"]) == (5, 5)


def test_importing_the_series_and_then_one_of_its_meetings_shows_it_once(client, member, weekly):
    meeting = weekly.meetings.get(occurrence=datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    client.force_login(member)

    # A calendar program keeps one event per UID and RECURRENCE-ID: the one file's event
    # takes the place of the series' occurrence.
    [single] = events_of(meeting_file(client, meeting))
    merged = Calendar.from_ical(series_file(client, weekly))
    merged.add_component(single)
    shown = expand(merged.to_ical(), through=date(2026, 4, 28))

    assert single["UID"] == weekly.uid
    assert single["RECURRENCE-ID"].dt.astimezone(UTC) == meeting.occurrence
    assert starts(shown) == expected_starts(weekly)


def test_an_occurrence_given_its_own_agenda_is_written_with_it_in_the_series_file_and_feed(
    client, member, weekly
):
    # A lead writes one meeting's agenda (the edit form, "this meeting only"): the agenda
    # does not detach it, yet calendars must show that agenda, not the standing one.
    meeting = weekly.meetings.get(occurrence=datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC), tick=False):
        meeting_update(
            meeting=meeting,
            actor=weekly.group.proposer,
            title=meeting.title,
            agenda="1. The materials benchmark",
            location=meeting.location,
            video_link=meeting.video_link,
        )
    client.force_login(member)

    for data in (series_file(client, weekly), feed_bytes(member)):
        shown = expand(data, through=date(2026, 4, 28))
        assert starts(shown) == expected_starts(weekly)
        [own] = [event for event in shown if event.start.astimezone(UTC) == meeting.start]
        assert "1. The materials benchmark" in own["DESCRIPTION"]
        assert own["SEQUENCE"] == 1
        others = [event for event in shown if event is not own]
        assert all("Round of news" in event["DESCRIPTION"] for event in others)


def test_an_unchanged_occurrence_is_not_repeated_in_the_series_file(client, member, weekly):
    client.force_login(member)

    assert len(events_of(series_file(client, weekly))) == 1


def test_a_cancelled_one_off_meeting_is_status_cancelled_with_its_uid_kept(client, member, group):
    meeting = MeetingFactory(group=group, start=datetime(2026, 5, 5, 15, 0, tzinfo=UTC))
    client.force_login(member)
    [before] = events_of(meeting_file(client, meeting))

    cancel(meeting)
    data = meeting_file(client, meeting)
    [after] = events_of(data)

    assert after["UID"] == before["UID"] == meeting.uid
    assert "RECURRENCE-ID" not in after
    assert (before["STATUS"], after["STATUS"]) == ("CONFIRMED", "CANCELLED")
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert b"STATUS:CANCELLED\r\n" in data


def test_a_cancelled_occurrences_own_file_says_cancelled(client, member, weekly):
    meeting = cancel(weekly.meetings.get(occurrence=datetime(2026, 3, 3, 22, 0, tzinfo=UTC)))
    client.force_login(member)

    [event] = events_of(meeting_file(client, meeting))

    assert (event["UID"], event["STATUS"]) == (weekly.uid, "CANCELLED")


def test_a_one_off_meeting_is_written_in_its_organisers_zone(client, member, group):
    meeting = MeetingFactory(
        group=group,
        start=datetime(2026, 7, 1, 7, 0, tzinfo=UTC),
        time_zone="Asia/Tokyo",
        duration_minutes=90,
        agenda="Plan the **summer** school",
    )
    client.force_login(member)

    data = meeting_file(client, meeting)
    [event] = events_of(data)

    assert b"DTSTART;TZID=Asia/Tokyo:20260701T160000\r\n" in data
    assert b"DTEND;TZID=Asia/Tokyo:20260701T173000\r\n" in data
    assert event["UID"] == meeting.uid
    assert event["URL"] == f"{settings.SITE_URL}/groups/evaluation/meetings/{meeting.pk}/"
    assert "Plan the **summer** school" in event["DESCRIPTION"]
    assert event["URL"] in event["DESCRIPTION"]


# --- A series with an alternate time: each meeting on its own ---------------------------------


@pytest.fixture
def rotating(group):
    return make_series(
        group,
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        alternate_time=time(7, 0),
        time_zone="America/Chicago",
        through=date(2026, 6, 30),
    )


def test_a_rotating_series_is_written_as_its_meetings_each_with_its_own_uid(
    client, member, rotating
):
    cancelled = cancel(rotating.meetings.order_by("start")[2])
    client.force_login(member)

    data = series_file(client, rotating)
    events = events_of(data)

    assert b"RRULE" not in data
    assert sorted(str(event["UID"]) for event in events) == sorted(
        rotating.meetings.values_list("uid", flat=True)
    )
    assert starts(expand(data)) == expected_starts(rotating)
    assert [str(e["UID"]) for e in events if e["STATUS"] == "CANCELLED"] == [cancelled.uid]
    local = [event.start.astimezone(CHICAGO).time() for event in expand(data)]
    assert local[:4] == [time(16, 0), time(7, 0), time(7, 0), time(16, 0)]


def test_a_rotating_series_meeting_has_the_same_uid_in_its_own_file(client, member, rotating):
    meeting = rotating.meetings.order_by("start")[1]
    client.force_login(member)

    [event] = events_of(meeting_file(client, meeting))

    assert event["UID"] == meeting.uid
    assert "RECURRENCE-ID" not in event


# --- Privacy -----------------------------------------------------------------------------------


def test_members_get_the_location_and_the_video_link(client, member, weekly):
    meeting = weekly.meetings.first()
    client.force_login(member)

    for data in (series_file(client, weekly), meeting_file(client, meeting)):
        [event, *_] = events_of(data)
        assert event["LOCATION"] == ROOM
        assert VIDEO in event["DESCRIPTION"]


@pytest.mark.parametrize("reader", ["visitor", "signed-in non-member", "pending member"])
def test_the_video_link_and_location_never_reach_a_non_member(client, group, rotating, reader):
    weekly = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 3, 31),
    )
    moved = move(weekly.meetings.first(), datetime(2026, 2, 4, 22, 0, tzinfo=UTC))
    one_off = MeetingFactory(group=group, location=ROOM)
    if reader != "visitor":
        person = UserFactory()
        if reader == "pending member":
            Membership.objects.create(group=group, user=person, status=Membership.Status.PENDING)
        client.force_login(person)

    files = [
        series_file(client, weekly),
        series_file(client, rotating),
        meeting_file(client, moved),
        meeting_file(client, one_off),
        meeting_file(client, rotating.meetings.first()),
    ]

    for data in files:
        assert VIDEO.encode() not in data
        assert b"meet.example.org" not in data
        assert ROOM.encode() not in data
        assert b"LOCATION" not in data


def test_a_proposed_groups_meetings_are_not_found_by_a_visitor(client):
    group = WorkingGroupFactory(status=WorkingGroup.Status.PROPOSED)
    meeting = MeetingFactory(group=group)

    url = reverse("workinggroups:meeting_ics", args=[group.slug, meeting.pk])

    assert client.get(url).status_code == 404


def test_a_meeting_is_found_only_under_its_own_group(client, member, group):
    meeting = MeetingFactory(group=WorkingGroupFactory())
    client.force_login(member)

    url = reverse("workinggroups:meeting_ics", args=[group.slug, meeting.pk])

    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("workinggroups:series_ics", args=[group.slug, 999])).status_code == 404
    )


def test_the_file_is_a_private_calendar_download(client, member, group):
    meeting = MeetingFactory(group=group)
    client.force_login(member)

    response = client.get(reverse("workinggroups:meeting_ics", args=[group.slug, meeting.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="tpc-meeting-{meeting.pk}.ics"'
    assert "private" in response["Cache-Control"]


def test_only_get_and_head_are_answered(client, member, group):
    meeting = MeetingFactory(group=group)
    client.force_login(member)
    url = reverse("workinggroups:meeting_ics", args=[group.slug, meeting.pk])

    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


@time_machine.travel(datetime(2026, 2, 1, 9, 0, tzinfo=UTC), tick=False)
def test_the_files_stamp_is_now(client, member, group):
    meeting = MeetingFactory(group=group)
    client.force_login(member)

    assert b"DTSTAMP:20260201T090000Z\r\n" in meeting_file(client, meeting)


@pytest.mark.parametrize("weeks", [5, 500])
@pytest.mark.parametrize("alternate_time", [None, time(7, 0)])
def test_a_series_file_costs_the_same_queries_for_5_and_500_meetings(
    client, member, group, weeks, alternate_time, django_assert_max_num_queries
):
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2020, 1, 7),
        local_time=time(16, 0),
        alternate_time=alternate_time,
        time_zone="America/Chicago",
        through=date(2020, 1, 7) + timedelta(weeks=weeks - 1),
    )
    for meeting in series.meetings.order_by("start")[::4]:
        cancel(meeting)
    client.force_login(member)
    url = reverse("workinggroups:series_ics", args=[group.slug, series.pk])

    # The session and its person, the person's roles, the group, the series, its meetings.
    with django_assert_max_num_queries(6):
        response = client.get(url)

    assert response.status_code == 200


def test_a_rule_the_file_cannot_carry_is_written_as_its_meetings(client, member, group):
    # A COUNT and a last day together: RFC 5545 allows one or the other, not both.
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU;COUNT=3",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        until=date(2026, 12, 31),
        time_zone="America/Chicago",
        through=date(2026, 12, 31),
    )
    client.force_login(member)

    data = series_file(client, series)

    assert b"RRULE" not in data
    assert sorted(str(event["UID"]) for event in events_of(data)) == sorted(
        series.meetings.values_list("uid", flat=True)
    )
    assert starts(expand(data)) == expected_starts(series)
