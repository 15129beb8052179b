"""The organisers' pages: creating and editing an event (times typed in its zone, the
questions), places (lowering below the registered needs a confirmation), closing
registration, a message to everyone, answering applications, the CSV export and the
check-in page. Every refusal comes back on the page it came from, with its reason."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from events.models import Event, Registration
from events.services.registration import registration_create
from notifications.models import Notification
from tests.events.pages_world import NOW, make_world, member
from tpc_portal.spreadsheets import spreadsheet_safe

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world():
    return make_world()


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def event_form(**changes):
    data = {
        "title": "Summer school on foundation models",
        "kind": "summer_school",
        "description": "Two weeks of **lectures**.",
        "start_0": "2027-07-05",
        "start_1": "09:00",
        "end_0": "2027-07-16",
        "end_1": "17:00",
        "time_zone": "Europe/Berlin",
        "format": "in_person",
        "venue": "Jülich",
        "capacity": "40",
        "audience": "students_postdocs",
        "mode": "applications",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
        "questions-0-label": "Why do you want to come?",
        "questions-0-kind": "text",
        "questions-0-required": "on",
        "questions-1-label": "Laptop?",
        "questions-1-kind": "yes_no",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


# --- Creating and editing ----------------------------------------------------------------------


def test_a_member_creates_a_draft_with_times_in_the_events_zone_and_its_questions(client):
    organiser = member("Olga Organiser")
    client.force_login(organiser)

    response = client.post(reverse("events:new"), event_form())

    event = Event.objects.get()
    assert response["Location"] == reverse("events:event", args=[event.slug])
    assert event.slug == "summer-school-on-foundation-models"
    assert event.status == Event.Status.DRAFT
    assert event.start == datetime(2027, 7, 5, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert event.registration_opens == NOW  # left empty: now
    assert list(event.organisers.all()) == [organiser]
    assert [(q.label, q.kind, q.required) for q in event.questions.all()] == [
        ("Why do you want to come?", "text", True),
        ("Laptop?", "yes_no", False),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_0": "2027-07-04"}, "end", "An event ends after it starts."),
        ({"venue": ""}, "venue", "An event held in person needs its venue."),
        ({"start_1": ""}, "start", "Give both the day and the time."),
        ({"questions-1-kind": "choice"}, "questions-1-choices", "Give at least two answers"),
        ({"slug": "new"}, "slug", "This address is taken."),
    ],
)
def test_bad_input_comes_back_with_the_reason_beside_the_field(client, changes, field, message):
    client.force_login(member("Olga Organiser"))

    response = client.post(reverse("events:new"), event_form(**changes))

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page or f'id="id_{field}_0_error"' in page
    assert message in page
    assert not Event.objects.exists()


def test_an_organiser_edits_the_event_and_its_questions(client, world):
    client.force_login(world.organiser)
    form = client.get(url("edit", world.event)).content.decode()
    assert 'value="2027-03-31"' in form
    assert 'value="11:00"' in form
    assert 'value="Dietary needs"' in form

    response = client.post(
        url("edit", world.event),
        event_form(
            **{
                "title": "Scaling laws workshop (day two added)",
                "kind": "workshop",
                "audience": "members",
                "mode": "first_come",
                "format": "hybrid",
                "online_link": "https://meet.example.org/new",
                "start_0": "2027-03-31",
                "start_1": "11:00",
                "end_0": "2027-04-01",
                "end_1": "17:00",
                "questions-TOTAL_FORMS": "1",
                "questions-INITIAL_FORMS": "1",
                "questions-0-label": "Dietary needs",
                "questions-0-kind": "text",
                "questions-0-required": None,
                "capacity": None,
            }
        ),
    )

    assert response.status_code == 302
    world.event.refresh_from_db()
    assert world.event.title == "Scaling laws workshop (day two added)"
    assert world.event.end == datetime(2027, 4, 1, 15, 0, tzinfo=UTC)
    assert world.event.capacity == 2  # the edit form leaves the places alone
    # The question kept its id, so the answer given to it stays.
    world.registration.refresh_from_db()
    assert world.registration.answers == {
        str(world.event.questions.get().pk): "Vegetarian, no nuts"
    }
    # The end moved: the registrant is told.
    assert Notification.objects.filter(
        recipient=world.people["registrant"], kind="events.changed"
    ).exists()


# --- Places, closing, message, cancelling ------------------------------------------------------


def test_lowering_places_below_the_registered_asks_for_a_confirmation(client, world):
    registration_create(event=world.event, actor=world.people["member"])  # 2 of 2
    client.force_login(world.organiser)

    refused = client.post(url("capacity", world.event), {"capacity": "1"})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "2 people are registered, more than 1 places. Confirm to lower it anyway" in page
    assert "Yes, lower the number of places below the number registered" in page
    world.event.refresh_from_db()
    assert world.event.capacity == 2

    done = client.post(url("capacity", world.event), {"capacity": "1", "confirm": "on"})
    assert done.status_code == 302
    world.event.refresh_from_db()
    assert world.event.capacity == 1
    assert world.event.registrations.filter(status=Status.REGISTERED).count() == 2


def test_raising_places_moves_the_waitlist_up_in_order(client, world):
    people = [member(f"Person {n}") for n in range(3)]
    for person in people:
        registration_create(event=world.event, actor=person)
    client.force_login(world.organiser)

    client.post(url("capacity", world.event), {"capacity": "3"})

    statuses = dict(world.event.registrations.values_list("user__full_name", "status"))
    assert [statuses[f"Person {n}"] for n in range(3)] == [
        Status.REGISTERED,
        Status.REGISTERED,
        Status.WAITLISTED,
    ]
    page = client.get(url("registrations", world.event)).content.decode()
    assert "Waitlist, number 1" in page


def test_closing_registration_shows_on_the_event_page(client, world):
    client.force_login(world.organiser)
    assert client.post(url("close", world.event)).status_code == 302

    client.force_login(world.people["member"])
    page = client.get(url("event", world.event)).content.decode()
    assert "Registration closed 1 Mar 2027, 09:00 UTC." in page

    client.force_login(world.organiser)
    again = client.post(url("close", world.event))
    assert again.status_code == 400
    assert "Registration is already closed." in again.content.decode()


def test_a_message_reaches_the_registered_and_on_request_the_waitlist(client):
    world = make_world(capacity=1)
    waiting = world.people["member"]
    registration_create(event=world.event, actor=waiting)
    client.force_login(world.organiser)

    empty = client.post(url("message", world.event), {"message": "  "})
    assert empty.status_code == 400
    assert 'id="message_message_error"' in empty.content.decode()

    client.post(url("message", world.event), {"message": "Bring a laptop."})
    client.post(url("message", world.event), {"message": "Doors at 8.", "waitlist": "on"})

    def messages(person):
        return Notification.objects.filter(recipient=person, kind="events.message").count()

    assert messages(world.people["registrant"]) == 2
    assert messages(waiting) == 1


# --- Applications -------------------------------------------------------------------------------


@pytest.fixture
def school():
    world = make_world(mode=Event.Mode.APPLICATIONS, capacity=1, slug="summer-school")
    world.registration.delete()
    applicants = [member(name) for name in ("Ann Applicant", "Ben Applicant", "Cy Applicant")]
    for person in applicants:
        registration_create(event=world.event, actor=person)
    return world, applicants


def test_organisers_accept_waitlist_and_decline_the_rest(client, school):
    world, (ann, ben, cy) = school
    client.force_login(world.organiser)
    pk = dict(world.event.registrations.values_list("user_id", "pk"))

    assert client.post(url("accept", world.event, pk[ann.pk])).status_code == 302
    refused = client.post(url("accept", world.event, pk[ben.pk]))
    assert refused.status_code == 400
    assert "All 1 places are taken" in refused.content.decode()
    assert "2 applications are not answered yet." in refused.content.decode()
    assert client.post(url("waitlist", world.event, pk[ben.pk])).status_code == 302
    response = client.post(url("decline_rest", world.event))

    assert response.status_code == 302
    statuses = dict(world.event.registrations.values_list("user_id", "status"))
    assert [statuses[p.pk] for p in (ann, ben, cy)] == [
        Status.REGISTERED,
        Status.WAITLISTED,
        Status.DECLINED,
    ]
    client.force_login(cy)
    page = client.get(url("event", world.event)).content.decode()
    assert "Not accepted" in page


# --- The CSV export -----------------------------------------------------------------------------


def test_spreadsheet_safe_escapes_every_formula_start():
    for text in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    for text in ("Ada", "", "1=1", "a-b"):
        assert spreadsheet_safe(text) == text


def test_the_csv_has_a_row_per_registered_person_and_escapes_formulas(client, world):
    question = world.event.questions.get()
    evil = member('=HYPERLINK("http://evil.example")')
    registration_create(event=world.event, actor=evil, answers={str(question.pk): "@SUM(A1:A9)"})
    for person in (member("Wendy Waiting"), member("Will Waiting")):
        registration_create(event=world.event, actor=person)
    client.force_login(world.organiser)

    registered = csv_rows(
        client.get(url("registrations_csv", world.event), {"status": "registered"})
    )
    everyone = csv_rows(client.get(url("registrations_csv", world.event)))

    header, *rows = registered
    assert header[:6] == [
        "Name", "Status", "Waitlist position", "Institution",
        "Registered (Europe/Berlin)", "Checked in (Europe/Berlin)",
    ]  # fmt: skip
    assert header[6:] == ["Dietary needs"]
    assert len(rows) == 2 == world.event.registrations.filter(status=Status.REGISTERED).count()
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][6] == "'@SUM(A1:A9)"
    assert rows[0][4] == "2027-03-01T10:00+01:00"  # the event's zone
    assert [row[1:3] for row in everyone[1:]] == [
        ["Registered", ""], ["Registered", ""], ["On the waitlist", "1"], ["On the waitlist", "2"],
    ]  # fmt: skip
    assert "@" not in "".join(",".join(row) for row in everyone).replace("'@SUM", "")
    bad = client.get(url("registrations_csv", world.event), {"status": "everyone"})
    assert bad.status_code == 400


# --- Check-in -----------------------------------------------------------------------------------


def test_check_in_by_name_one_tap_twice_is_harmless(client, world):
    people = [member(name) for name in ("Zoe Zimmer", "Yuri Young")]
    Event.objects.filter(pk=world.event.pk).update(capacity=10)
    for person in people:
        registration_create(event=world.event, actor=person)
    zoe = world.event.registrations.get(user=people[0])
    client.force_login(world.organiser)

    found = client.get(url("check_in", world.event), {"q": "zim"}).content.decode()
    assert "Zoe Zimmer" in found
    assert "Yuri Young" not in found
    assert "0 of 3 checked in." in found

    response = client.post(url("check_in_person", world.event, zoe.pk), {"q": "zim"})
    assert response["Location"] == url("check_in", world.event) + "?q=zim"
    again = client.post(url("check_in_person", world.event, zoe.pk), {"q": "zim"})
    assert again.status_code == 302
    zoe.refresh_from_db()
    assert zoe.checked_in == NOW

    page = client.get(url("check_in", world.event)).content.decode()
    assert "1 of 3 checked in." in page
    assert "Checked in (1 Mar 2027, 10:00 CET)" in page
    waiting = Registration.objects.create(
        event=world.event, user=member("Wes Waiting"), status=Status.WAITLISTED, arrival=99
    )
    refused = client.post(url("check_in_person", world.event, waiting.pk))
    assert refused.status_code == 400
    assert "Only people holding a place are checked in." in refused.content.decode()
