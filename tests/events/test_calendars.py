"""An event's calendar file and the events in a person's feed, read back the way a
calendar program reads them (issue 14, item 7): a stable UID, SEQUENCE raised by a change
of time or place, STATUS:CANCELLED after a cancellation, and the online link only for the
people holding a place and the organisers."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from events.models import Event, Registration
from events.services.events import event_cancel, event_update, organisers_set
from events.services.registration import (
    application_decide,
    registration_cancel,
    registration_create,
)
from tests.factories import EventFactory, MeetingFactory, ProfileFactory, WorkingGroupFactory
from tpc_portal import feeds

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/tpc-hackathon-secret"
VENUE = "Argonne, Building 240"
NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def member():
    return ProfileFactory().user


@pytest.fixture
def organiser():
    return member()


@pytest.fixture
def event(organiser):
    return EventFactory(
        organiser=organiser,
        slug="scaling-hackathon",
        title="Scaling hackathon",
        format=Event.Format.HYBRID,
        venue=VENUE,
        online_link=LINK,
        capacity=1,
        start=datetime(2027, 4, 12, 7, tzinfo=UTC),  # 09:00 in Berlin
        end=datetime(2027, 4, 12, 15, tzinfo=UTC),
    )


def ics(client, event: Event, *, reader=None):
    if reader is not None:
        client.force_login(reader)
    return client.get(reverse("events:ics", args=[event.slug]))


def the_event(response):
    assert response.status_code == 200
    [vevent] = Calendar.from_ical(response.content).events
    return vevent


def uid_of(event: Event) -> str:
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}"


# --- The file --------------------------------------------------------------------------------


def test_the_file_is_the_event_in_its_own_zone_with_a_stable_uid_and_its_page(
    client, event, organiser
):
    response = ics(client, event, reader=organiser)
    vevent = the_event(response)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="tpc-event-scaling-hackathon.ics"'
    )
    assert "private" in response["Cache-Control"]
    assert str(vevent["UID"]) == uid_of(event)
    assert b"DTSTART;TZID=Europe/Berlin:20270412T090000\r\n" in response.content
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in response.content
    assert str(vevent["SUMMARY"]) == "Scaling hackathon"
    assert str(vevent["URL"]) == f"{settings.SITE_URL}/events/scaling-hackathon/"
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert b"DTSTAMP:20270301T090000Z\r\n" in response.content


def test_a_change_of_time_or_place_raises_the_sequence_and_keeps_the_uid(client, event, organiser):
    sequences = [the_event(ics(client, event, reader=organiser))["SEQUENCE"]]

    event_update(event=event, actor=organiser, data={"start": event.start + timedelta(hours=1)})
    sequences.append(the_event(ics(client, event))["SEQUENCE"])
    event_update(event=event, actor=organiser, data={"venue": "Argonne, TCS conference centre"})
    sequences.append(the_event(ics(client, event))["SEQUENCE"])
    event_update(event=event, actor=organiser, data={"title": "Scaling hackathon 2027"})
    renamed = the_event(ics(client, event))

    assert sequences == [0, 1, 2]
    assert renamed["SEQUENCE"] == 2  # a new title moves nothing in anyone's calendar
    assert str(renamed["UID"]) == uid_of(event)
    assert str(renamed["LOCATION"]) == "Argonne, TCS conference centre"
    assert b"DTSTART;TZID=Europe/Berlin:20270412T100000\r\n" in ics(client, event).content


def test_a_cancelled_event_says_cancelled_with_its_uid_kept(client, event, organiser):
    before = the_event(ics(client, event, reader=organiser))

    event_cancel(event=event, actor=organiser, message="The machine room is closed.")
    after = the_event(ics(client, event))

    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] > before["SEQUENCE"]


# --- Who reads the online link -----------------------------------------------------------------


def _reader(kind: str, event: Event, organiser):
    if kind == "visitor":
        return None
    if kind == "organiser":
        return organiser
    person = member()
    if kind in ("holding a place", "waitlisted", "cancelled"):
        if kind == "waitlisted":
            registration_create(event=event, actor=member())  # takes the one place
        registration_create(event=event, actor=person)
        if kind == "cancelled":
            registration_cancel(event=event, actor=person)
    return person


@pytest.mark.parametrize(
    ("kind", "sees_link"),
    [
        ("holding a place", True),
        ("organiser", True),
        ("waitlisted", False),
        ("cancelled", False),
        ("another member", False),
        ("visitor", False),
    ],
)
def test_the_online_link_is_only_for_those_holding_a_place_and_the_organisers(
    client, organiser, kind, sees_link
):
    event = EventFactory(
        organiser=organiser,
        audience=Event.Audience.PUBLIC,
        format=Event.Format.HYBRID,
        venue=VENUE,
        online_link=LINK,
        capacity=1,
    )
    reader = _reader(kind, event, organiser)

    response = ics(client, event, reader=reader)
    vevent = the_event(response)

    assert (LINK.encode() in response.content) is sees_link
    assert str(vevent["LOCATION"]) == VENUE  # the venue is public


def test_a_virtual_events_location_is_its_link_for_those_who_may_see_it(client, organiser):
    event = EventFactory(
        organiser=organiser, format=Event.Format.VIRTUAL, venue="", online_link=LINK
    )
    holder = member()
    registration_create(event=event, actor=holder)

    assert str(the_event(ics(client, event, reader=holder))["LOCATION"]) == LINK
    outsider_file = ics(client, event, reader=member()).content
    assert b"LOCATION" not in outsider_file
    assert b"meet.example.org" not in outsider_file


def test_an_applicant_reads_no_link_until_accepted(client, organiser):
    event = EventFactory(
        organiser=organiser,
        mode=Event.Mode.APPLICATIONS,
        format=Event.Format.HYBRID,
        venue=VENUE,
        online_link=LINK,
    )
    applicant = member()
    registration = registration_create(event=event, actor=applicant)
    assert LINK.encode() not in ics(client, event, reader=applicant).content

    application_decide(registration=registration, actor=organiser, to="registered")

    assert LINK.encode() in ics(client, event).content


# --- Who gets the file at all ------------------------------------------------------------------


def test_a_members_event_is_not_found_by_a_visitor_and_a_draft_only_by_its_organisers(
    client, organiser
):
    members_only = EventFactory(audience=Event.Audience.MEMBERS)
    draft = EventFactory(organiser=organiser, status=Event.Status.DRAFT)

    assert ics(client, members_only).status_code == 404
    assert ics(client, draft, reader=member()).status_code == 404
    assert ics(client, draft, reader=organiser).status_code == 200
    assert client.get(reverse("events:ics", args=["no-such-event"])).status_code == 404


def test_only_get_and_head_are_answered(client, event, organiser):
    client.force_login(organiser)
    url = reverse("events:ics", args=[event.slug])

    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert client.head(url).status_code == 200


# --- The personal feed -----------------------------------------------------------------------


def feed_of(client, token: str, **headers):
    return client.get(reverse("calendar_feed", args=[token]), headers=headers)


def uids_in(response) -> set[str]:
    return {str(vevent["UID"]) for vevent in Calendar.from_ical(response.content).events}


@pytest.fixture
def person():
    return member()


@pytest.fixture
def token(person):
    return feeds.feed_token_create(actor=person)


def test_the_feed_holds_the_persons_meetings_and_the_events_they_hold_a_place_at_or_run(
    client, person, token
):
    group = WorkingGroupFactory(members=[person])
    meeting = MeetingFactory(group=group)
    holding = EventFactory(format=Event.Format.HYBRID, venue=VENUE, online_link=LINK)
    registration_create(event=holding, actor=person)
    organising = EventFactory(organiser=person)
    full = EventFactory(capacity=1)
    registration_create(event=full, actor=member())
    registration_create(event=full, actor=person)  # waitlisted: no place yet
    left = EventFactory()
    registration_create(event=left, actor=person)
    registration_cancel(event=left, actor=person)
    EventFactory(organiser=person, status=Event.Status.DRAFT)  # not taking place yet
    EventFactory()  # someone else's

    response = feed_of(client, token)

    assert uids_in(response) == {meeting.uid, uid_of(holding), uid_of(organising)}
    assert LINK.encode() in response.content  # the feed is theirs: they hold a place


def test_a_cancelled_event_shows_as_cancelled_in_the_feed(client, person, token, organiser):
    event = EventFactory(organiser=organiser)
    registration_create(event=event, actor=person)

    event_cancel(event=event, actor=organiser)
    [vevent] = Calendar.from_ical(feed_of(client, token).content).events

    assert str(vevent["UID"]) == uid_of(event)
    assert str(vevent["STATUS"]) == "CANCELLED"


def _move_it(event, person, organiser):
    event_update(event=event, actor=organiser, data={"start": event.start + timedelta(hours=2)})


def _rename_it(event, person, organiser):
    # Only its newest change tells a new title: a minute later, as in life.
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        event_update(event=event, actor=organiser, data={"title": "Renamed"})


def _cancel_it(event, person, organiser):
    event_cancel(event=event, actor=organiser)


def _give_up_the_place(event, person, organiser):
    registration_cancel(event=event, actor=person)


def _take_a_place_elsewhere(event, person, organiser):
    registration_create(event=EventFactory(), actor=person)


def _be_made_an_organiser(event, person, organiser):
    other = EventFactory(organiser=organiser)
    organisers_set(event=other, actor=organiser, organisers=[organiser, person])


def _move_up_from_a_waitlist(event, person, organiser):
    full = EventFactory(capacity=1)
    first = member()
    registration_create(event=full, actor=first)
    registration_create(event=full, actor=person)
    registration_cancel(event=full, actor=first)
    assert full.registrations.get(user=person).status == Registration.Status.REGISTERED


@pytest.mark.parametrize(
    "change",
    [
        _move_it,
        _rename_it,
        _cancel_it,
        _give_up_the_place,
        _take_a_place_elsewhere,
        _be_made_an_organiser,
        _move_up_from_a_waitlist,
    ],
)
def test_a_change_the_feed_shows_gives_it_a_new_etag(client, person, token, organiser, change):
    event = EventFactory(organiser=organiser)
    registration_create(event=event, actor=person)
    first = feed_of(client, token)

    change(event, person, organiser)
    again = feed_of(client, token, if_none_match=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_changes_to_other_peoples_events_leave_the_feed_unchanged(client, person, token):
    mine = EventFactory()
    registration_create(event=mine, actor=person)
    first = feed_of(client, token)

    other = EventFactory()
    registration_create(event=other, actor=member())
    event_cancel(event=other, actor=other.organisers.get())

    assert feed_of(client, token, if_none_match=first["ETag"]).status_code == 304


@pytest.mark.parametrize("count", [5, 50])
def test_the_feed_costs_the_same_queries_for_5_and_50_events(
    client, person, token, count, django_assert_max_num_queries
):
    for _ in range(count):
        registration_create(event=EventFactory(), actor=person)

    # The token with its person and its first use noted, then per source its version and
    # its events (the working groups' take two).
    with django_assert_max_num_queries(7):
        response = feed_of(client, token)

    assert len(uids_in(response)) == count
