"""The personal calendar feed (tpc_portal/feeds.py): a registry of sources, a secret address
per person that can be replaced or turned off, answered 304 while unchanged; the working
groups' source (issue 11, item 9)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import MeetingFactory, UserFactory, WorkingGroupFactory
from tests.workinggroups.test_calendars import (
    ROOM,
    VIDEO,
    cancel,
    expand,
    expected_starts,
    make_series,
    move,
    starts,
)
from tpc_portal import feeds
from tpc_portal.audit import audit_of
from tpc_portal.calendars import CalendarEvent
from tpc_portal.models import CalendarFeedToken
from workinggroups.models import Meeting, Membership, Series

pytestmark = pytest.mark.django_db


def feed_path(token: str) -> str:
    return reverse("calendar_feed", args=[token])


def fetch(client, token: str, **headers):
    return client.get(feed_path(token), headers=headers)


def events_in(response):
    return Calendar.from_ical(response.content).events


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def token(person):
    return feeds.feed_token_create(actor=person)


# --- The registry --------------------------------------------------------------------------------


def test_events_and_working_groups_register_their_sources():
    assert [source.key for source in feeds.feed_sources()] == ["events", "workinggroups"]


def test_a_source_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        feeds.register_feed_source("workinggroups", lambda user: [], lambda user: "")


def test_every_sources_events_are_in_the_feed_and_their_versions_in_its_etag(
    client, person, token, monkeypatch
):
    version = {"value": "1"}
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    event = CalendarEvent(
        uid="event-7@tpc.example",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="UTC",
        title="Summer school",
    )
    source = feeds.FeedSource("events", lambda user: [event], lambda user: version["value"])
    monkeypatch.setitem(feeds._SOURCES, "events", source)

    first = fetch(client, token)
    version["value"] = "2"
    second = fetch(client, token, if_none_match=first["ETag"])

    assert [str(e["UID"]) for e in events_in(first)] == ["event-7@tpc.example"]
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


# --- The address ---------------------------------------------------------------------------------


def test_only_the_hash_of_the_token_is_stored(person, token):
    row = CalendarFeedToken.objects.get(user=person)

    assert token not in row.token_hash
    assert len(token) >= 40
    assert feeds.feed_url(token).endswith(f"/calendar/{token}.ics")


def test_unknown_token_is_not_found(client, token):
    assert fetch(client, "not-a-token").status_code == 404
    assert fetch(client, token[:-1]).status_code == 404


def test_a_second_feed_is_refused_while_one_exists(person, token):
    with pytest.raises(feeds.ApplicationError, match="already"):
        feeds.feed_token_create(actor=person)


def test_a_new_address_replaces_the_old_one_at_once(client, person, token):
    new = feeds.feed_token_regenerate(actor=person)

    assert fetch(client, token).status_code == 404
    assert fetch(client, new).status_code == 200
    assert CalendarFeedToken.objects.filter(user=person).count() == 1


def test_a_revoked_token_stops_working_at_once(client, person, token):
    assert fetch(client, token).status_code == 200

    feeds.feed_token_revoke(actor=person)

    assert fetch(client, token).status_code == 404
    with pytest.raises(feeds.ApplicationError):
        feeds.feed_token_revoke(actor=person)
    with pytest.raises(feeds.ApplicationError):
        feeds.feed_token_regenerate(actor=person)


def test_a_deactivated_accounts_feed_is_not_found(client, person, token):
    person.is_active = False
    person.save()

    assert fetch(client, token).status_code == 404


def test_making_replacing_and_turning_off_are_in_the_audit_trail(person):
    feeds.feed_token_create(actor=person)
    feeds.feed_token_regenerate(actor=person)
    feeds.feed_token_revoke(actor=person)

    assert [entry.verb for entry in audit_of(person)] == [
        "calendar_feed.made",
        "calendar_feed.regenerated",
        "calendar_feed.revoked",
    ]


def test_last_use_is_noted_once_an_hour(client, person, token):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        fetch(client, token)
    with (
        time_machine.travel(datetime(2026, 3, 1, 9, 40, tzinfo=UTC), tick=False),
        CaptureQueriesContext(connection) as read,
    ):
        fetch(client, token)
    with time_machine.travel(datetime(2026, 3, 1, 10, 5, tzinfo=UTC), tick=False):
        fetch(client, token)

    assert not any(query["sql"].startswith("UPDATE") for query in read.captured_queries)
    row = CalendarFeedToken.objects.get(user=person)
    assert row.last_used == datetime(2026, 3, 1, 10, 5, tzinfo=UTC)


# --- The answer: 200, 304 ------------------------------------------------------------------------


def test_the_feed_is_a_private_calendar_that_asks_to_be_read_again(client, token):
    response = fetch(client, token)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline;")
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert response["ETag"].startswith('W/"')
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content


def test_post_is_not_allowed(client, token):
    assert client.post(feed_path(token)).status_code == 405


@pytest.fixture
def group(person):
    return WorkingGroupFactory(slug="evaluation", members=[person])


def test_an_unchanged_feed_is_answered_304_with_its_etag(client, person, token, group):
    MeetingFactory(group=group)
    first = fetch(client, token)

    again = fetch(client, token, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""
    assert "private" in again["Cache-Control"]


def test_the_304_is_answered_without_building_the_feed(client, person, token, group, monkeypatch):
    MeetingFactory(group=group)
    etag = fetch(client, token)["ETag"]

    def refuse(*args, **kwargs):
        raise AssertionError("built the feed")

    monkeypatch.setattr(feeds, "feed_bytes", refuse)
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, token, if_none_match=etag)

    assert response.status_code == 304
    # The token with its person, then one short query per source for its version.
    assert len(queries) <= 1 + len(feeds.feed_sources())


def _change_a_meeting(group, person):
    meeting = group.meetings.first()
    meeting.start += timedelta(hours=1)
    meeting.sequence += 1
    meeting.updated = timezone.now() + timedelta(seconds=1)
    meeting.save()


def _add_a_meeting(group, person):
    MeetingFactory(group=group)


def _cancel_a_meeting(group, person):
    cancel(group.meetings.first())


def _change_a_series(group, person):
    Series.objects.filter(group=group).update(sequence=1, title="Renamed")


def _leave_the_group(group, person):
    Membership.objects.filter(group=group, user=person).delete()


def _join_another_group(group, person):
    WorkingGroupFactory(members=[person])


def _rename_the_group(group, person):
    group.name = "Evaluation and benchmarks"
    group.save()


@pytest.mark.parametrize(
    "change",
    [
        _change_a_meeting,
        _add_a_meeting,
        _cancel_a_meeting,
        _change_a_series,
        _leave_the_group,
        _join_another_group,
        _rename_the_group,
    ],
)
def test_a_change_answers_200_with_a_new_etag(client, person, token, group, change):
    MeetingFactory(group=group)
    make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 3, 31),
    )
    first = fetch(client, token)

    change(group, person)
    again = fetch(client, token, if_none_match=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_change_to_a_group_the_person_is_not_in_leaves_the_etag(client, person, token, group):
    MeetingFactory(group=group)
    first = fetch(client, token)

    MeetingFactory(group=WorkingGroupFactory())

    assert fetch(client, token, if_none_match=first["ETag"]).status_code == 304


def test_the_feed_is_written_in_its_owners_language_whatever_the_program_asks(
    client, person, token
):
    english = fetch(client, token, accept_language="ru")["ETag"]
    person.language = "ru"
    person.save()

    russian = fetch(client, token, accept_language="en", if_none_match=english)

    assert russian.status_code == 200
    assert russian["ETag"] != english


# --- What the working groups put in it ----------------------------------------------------------


def test_the_feed_holds_the_series_and_meetings_of_the_persons_groups(client, person, token):
    chicago = WorkingGroupFactory(members=[person])
    berlin = WorkingGroupFactory(members=[person])
    lead_of = WorkingGroupFactory(proposer=person)  # a lead is a member too
    weekly = make_series(
        chicago,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 4, 28),
    )
    monthly = make_series(
        berlin,
        rule="FREQ=MONTHLY;BYMONTHDAY=-1",
        first_day=date(2026, 1, 1),
        local_time=time(15, 0),
        time_zone="Europe/Berlin",
        through=date(2026, 4, 30),
    )
    cancel(weekly.meetings.get(occurrence=datetime(2026, 3, 3, 22, 0, tzinfo=UTC)))
    move(
        monthly.meetings.get(occurrence=datetime(2026, 3, 31, 13, 0, tzinfo=UTC)),
        datetime(2026, 4, 1, 13, 0, tzinfo=UTC),
    )
    one_off = MeetingFactory(group=lead_of, start=datetime(2026, 3, 20, 12, 0, tzinfo=UTC))

    response = fetch(client, token)
    shown = expand(response.content, through=date(2026, 4, 28))

    expected = sorted([*expected_starts(weekly), *expected_starts(monthly), one_off.start])
    expected = [moment for moment in expected if moment.date() <= date(2026, 4, 28)]
    assert starts(shown) == expected
    assert {str(e["UID"]) for e in events_in(response)} == {weekly.uid, monthly.uid, one_off.uid}


def test_the_feed_carries_the_member_only_fields(client, person, token, group):
    MeetingFactory(group=group, location=ROOM)
    make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 3, 31),
    )

    events = events_in(fetch(client, token))

    assert len(events) == 2
    assert all(VIDEO in event["DESCRIPTION"] for event in events)
    assert all(event["LOCATION"] == ROOM for event in events)


def test_a_group_the_person_left_is_gone_from_the_feed(client, person, token, group):
    meeting = MeetingFactory(group=group)
    series = make_series(
        group,
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2026, 3, 31),
    )
    before = fetch(client, token)

    Membership.objects.filter(group=group, user=person).delete()
    after = fetch(client, token)

    assert {str(e["UID"]) for e in events_in(before)} == {meeting.uid, series.uid}
    assert events_in(after) == []
    assert VIDEO.encode() not in after.content


def test_groups_the_person_only_asked_to_join_or_is_not_in_are_not_in_the_feed(
    client, person, token
):
    pending = WorkingGroupFactory()
    Membership.objects.create(group=pending, user=person, status=Membership.Status.PENDING)
    MeetingFactory(group=pending)
    MeetingFactory(group=WorkingGroupFactory())

    assert events_in(fetch(client, token)) == []


def test_a_rotating_series_is_in_the_feed_as_its_meetings(client, person, token, group):
    rotating = make_series(
        group,
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        alternate_time=time(7, 0),
        time_zone="America/Chicago",
        through=date(2026, 6, 30),
    )

    response = fetch(client, token)

    assert b"RRULE" not in response.content
    assert starts(expand(response.content)) == expected_starts(rotating)


def _world(person, meetings: int):
    """The person in three groups: a weekly series with `meetings` stored occurrences, a
    tenth of them cancelled and a tenth moved, `meetings` one-off meetings, a rotating
    series."""
    groups = [WorkingGroupFactory(members=[person]) for _ in range(3)]
    weekly = make_series(
        groups[0],
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2020, 1, 7),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        through=date(2020, 1, 7) + timedelta(weeks=meetings - 1),
    )
    for index, meeting in enumerate(weekly.meetings.order_by("start")):
        if index % 10 == 3:
            cancel(meeting)
        elif index % 10 == 6:
            move(meeting, meeting.start + timedelta(days=1))
    Meeting.objects.bulk_create(
        Meeting(
            group=groups[1],
            title=f"Meeting {index}",
            start=datetime(2026, 1, 1, 12, 0, tzinfo=UTC) + timedelta(days=index),
            time_zone="Europe/Berlin",
            created_by=groups[1].proposer,
        )
        for index in range(meetings)
    )
    make_series(
        groups[2],
        rule="FREQ=WEEKLY;BYDAY=MO",
        first_day=date(2026, 1, 5),
        local_time=time(9, 0),
        alternate_time=time(18, 0),
        time_zone="Asia/Tokyo",
        through=date(2026, 1, 5) + timedelta(weeks=meetings - 1),
    )


@pytest.mark.parametrize("meetings", [5, 500])
def test_the_feed_costs_the_same_queries_for_5_and_500_meetings(
    client, person, token, meetings, django_assert_max_num_queries
):
    _world(person, meetings)
    fetch(client, token)  # notes the first use (an UPDATE, then none for an hour)

    # The token with its person, the sources' versions, the series, the meetings.
    with django_assert_max_num_queries(4):
        response = fetch(client, token)

    assert response.status_code == 200
    assert len(events_in(response)) > meetings


# --- The settings page -------------------------------------------------------------------------


def test_the_settings_page_is_for_signed_in_people(client):
    response = client.get(reverse("members:calendar_feed"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_person_makes_their_feed_and_sees_its_address_once(client, person):
    client.force_login(person)

    page = client.get(reverse("members:calendar_feed"))
    made = client.post(reverse("members:calendar_feed_make"))
    later = client.get(reverse("members:calendar_feed"))

    assert "Make my calendar feed" in page.content.decode()
    address = made.context["new_url"]
    assert address.startswith("http")
    assert address.endswith(".ics")
    assert address in made.content.decode()
    assert address not in later.content.decode()
    assert "Make a new address" in later.content.decode()
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert fetch(client, token).status_code == 200


def test_a_new_address_from_the_page_stops_the_old_one(client, person, token):
    client.force_login(person)

    response = client.post(reverse("members:calendar_feed_regenerate"))
    new = response.context["new_url"].rsplit("/", 1)[1].removesuffix(".ics")

    assert fetch(client, token).status_code == 404
    assert fetch(client, new).status_code == 200


def test_turning_the_feed_off_from_the_page(client, person, token):
    client.force_login(person)

    response = client.post(reverse("members:calendar_feed_revoke"), follow=True)

    assert fetch(client, token).status_code == 404
    assert "turned off" in response.content.decode()
    assert "Make my calendar feed" in response.content.decode()


def test_making_a_second_feed_from_a_stale_page_says_why(client, person, token):
    client.force_login(person)

    response = client.post(reverse("members:calendar_feed_make"), follow=True)

    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert fetch(client, token).status_code == 200


def test_the_account_settings_link_to_the_feed(client, person):
    client.force_login(person)

    response = client.get(reverse("members:api_tokens"))

    assert reverse("members:calendar_feed") in response.content.decode()


def test_a_program_that_does_not_send_the_etag_gets_the_copy_of_this_version(
    client, person, token, group, monkeypatch
):
    MeetingFactory(group=group)
    first = fetch(client, token)

    def refuse(*args, **kwargs):
        raise AssertionError("built the feed again")

    with monkeypatch.context() as patched:
        patched.setattr(feeds, "feed_bytes", refuse)
        again = fetch(client, token)
    _add_a_meeting(group, person)
    changed = fetch(client, token)

    assert again.status_code == 200
    assert again.content == first.content
    assert changed["ETag"] != first["ETag"]
    assert len(events_in(changed)) == 2
