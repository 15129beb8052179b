"""The events' pages as people use them: the list and its filters, an event's page with
the viewer's own registration and the reasons they may not register, registering, the
waitlist and promotion seen on the pages, and what stays hidden (the online link, other
people's answers). The organisers' forms are in test_pages_organisers.py."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from events.models import Event, Registration
from events.services.registration import registration_create
from members.models import Profile
from notifications.models import Notification
from tests.events.pages_world import LINK, NOW, make_world, member
from tests.factories import EventFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db
ANSWER = "Vegetarian, no nuts"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world():
    return make_world()


def page_of(client, event) -> str:
    response = client.get(reverse("events:event", args=[event.slug]))
    assert response.status_code == 200
    return response.content.decode()


def register(client, event, data=None):
    return client.post(reverse("events:register", args=[event.slug]), data or {})


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_places_left_or_the_waitlist_and_past_events_on_request(client):
    organiser = member("Olga Organiser")
    open_one = EventFactory(title="Open workshop", capacity=10, audience="public")
    full = EventFactory(title="Full hackathon", capacity=1, audience="public", organiser=organiser)
    for person in (member("A"), member("B"), member("C")):
        registration_create(event=full, actor=person)
    EventFactory(
        title="Last year's school",
        audience="public",
        start=NOW - timedelta(days=300),
        end=NOW - timedelta(days=295),
        registration_opens=NOW - timedelta(days=400),
    )

    upcoming = client.get(reverse("events:index")).content.decode()
    past = client.get(reverse("events:index"), {"when": "past"}).content.decode()

    assert "Open workshop" in upcoming
    assert "10 places left" in upcoming
    assert "Full hackathon" in upcoming
    assert "Full: 2 people on the waitlist" in upcoming
    assert "Last year&#x27;s school" not in upcoming
    assert "Last year&#x27;s school" in past
    assert "Open workshop" not in past
    assert open_one.slug in upcoming


def test_the_list_filters_by_kind_format_audience_and_working_group(client):
    group = WorkingGroupFactory(slug="evaluation")
    EventFactory(title="Group seminar", kind="seminar", audience="public", group=group)
    EventFactory(title="Virtual tutorial", kind="tutorial", audience="public", format="virtual",
                 venue="", online_link="https://meet.example.org/t")  # fmt: skip
    EventFactory(title="Members' workshop", audience="members")

    def titles(**query):
        page = client.get(reverse("events:index"), query).content.decode()
        names = ["Group seminar", "Virtual tutorial", "Members&#x27; workshop"]
        return [name for name in names if name in page]

    assert titles() == ["Group seminar", "Virtual tutorial"]  # a visitor: public ones
    assert titles(kind="seminar") == ["Group seminar"]
    assert titles(format="virtual") == ["Virtual tutorial"]
    assert titles(group="evaluation") == ["Group seminar"]
    client.force_login(member("Mia Member"))
    assert titles(audience="members") == ["Members&#x27; workshop"]


def test_a_draft_is_seen_by_its_organisers_only_and_published_from_its_page(client, world):
    draft = EventFactory(slug="draft-school", status=Event.Status.DRAFT, organiser=world.organiser)

    client.force_login(world.people["member"])
    assert client.get(reverse("events:event", args=[draft.slug])).status_code == 404
    assert "draft-school" not in client.get(reverse("events:index")).content.decode()

    client.force_login(world.organiser)
    page = page_of(client, draft)
    assert "Draft: only its organisers see it" in page
    response = client.post(reverse("events:publish", args=[draft.slug]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED
    client.force_login(world.people["member"])
    assert "Register" in page_of(client, draft)


# --- An event's page and the viewer's registration ---------------------------------------------


def test_the_page_shows_times_in_the_events_zone_beside_the_viewers_and_the_organisers(
    client, world
):
    Profile.objects.filter(user=world.people["member"]).update(time_zone="America/Chicago")
    world.event.description = "## Programme\n\n<script>alert(1)</script> **talks**"
    world.event.save()
    client.force_login(world.people["member"])

    page = page_of(client, world.event)

    assert "31 Mar 2027, 11:00 CEST (your time 04:00 CDT)" in page
    assert "Olga Organiser" in page
    assert "<h3>Programme</h3>" in page
    assert "<strong>talks</strong>" in page
    assert "<script>alert" not in page
    assert "1 place left" in page
    assert reverse("events:ics", args=[world.event.slug]) in page


def test_register_waitlist_cancel_and_promotion_are_seen_on_the_pages(client, world):
    first, second = world.people["member"], world.people["student"]
    third = member("Tara Third")
    client.force_login(first)
    assert register(client, world.event).status_code == 302  # the last place
    client.force_login(second)
    response = register(client, world.event)
    assert "you are on the waitlist" in client.get(response["Location"]).content.decode()
    client.force_login(third)
    register(client, world.event)

    assert "You are 2nd on the waitlist." in page_of(client, world.event)
    mine = client.get(reverse("events:mine")).content.decode()
    assert "On the waitlist: 2nd in line" in mine
    assert world.event.title in mine

    client.force_login(first)
    assert "You hold a place." in page_of(client, world.event)
    response = client.post(reverse("events:unregister", args=[world.event.slug]))
    assert response.status_code == 302
    page = page_of(client, world.event)
    assert "You hold a place." not in page
    assert ">Join the waitlist</button>" in page  # the place went to the next in line

    client.force_login(second)
    assert "You hold a place." in page_of(client, world.event)
    assert Notification.objects.filter(recipient=second, kind="events.promoted").exists()
    client.force_login(third)
    assert "You are 1st on the waitlist." in page_of(client, world.event)


def test_a_refused_registration_shows_its_reason_and_keeps_the_answers(client, world):
    question = world.event.questions.get()
    question.required = True
    question.save()
    client.force_login(world.people["member"])

    response = register(client, world.event, {})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dietary needs: This field is required." in page  # in the message area
    assert f'id="id_q_{question.pk}_error"' in page  # and beside the question

    registration_create(
        event=world.event, actor=world.people["student"], answers={str(question.pk): "None"}
    )
    response = register(client, world.event, {f"q_{question.pk}": "Halal"})
    assert response.status_code == 302  # the last place went in between: the waitlist
    assert Registration.objects.filter(user=world.people["member"]).get().status == "waitlisted"
    again = register(client, world.event, {f"q_{question.pk}": "Halal"})
    assert again.status_code == 400
    assert "You are already on the waitlist (number 1)." in again.content.decode()


@pytest.mark.parametrize(
    ("change", "person", "reason"),
    [
        ({}, "visitor", "Sign in to register."),
        ({"audience": "students_postdocs"}, "member", "This event is for students and postdocs."),
        (
            {"registration_opens": NOW + timedelta(days=2)},
            "member",
            "Registration opens 3 Mar 2027",
        ),
        ({"registration_closes": NOW - timedelta(days=1)}, "member", "Registration closed 28 Feb"),
        ({"status": "cancelled"}, "member", "This event was cancelled."),
    ],
)
def test_the_page_says_why_a_person_may_not_register(client, change, person, reason):
    world = make_world(**{"audience": "public", **change})
    if world.people[person] is not None:
        client.force_login(world.people[person])

    page = page_of(client, world.event)

    assert reason in page
    assert ">Register</button>" not in page


def test_a_student_may_register_for_a_students_event(client):
    world = make_world(audience="students_postdocs")
    client.force_login(world.people["student"])

    assert ">Register</button>" in page_of(client, world.event)
    assert register(client, world.event).status_code == 302


def test_a_newcomer_reads_public_events_registers_and_is_named_neutrally(client):
    world = make_world(audience="public")
    person = world.people["newcomer"]
    client.force_login(person)

    assert register(client, world.event).status_code == 302
    assert "You hold a place." in page_of(client, world.event)
    assert client.get(reverse("events:mine")).status_code == 200

    client.force_login(world.organiser)
    listed = client.get(reverse("events:registrations", args=[world.event.slug]))
    assert "a TPC member" in listed.content.decode()
    assert "newcomer@nowhere.example" not in listed.content.decode()


def test_a_cancelled_event_shows_as_cancelled_and_everyone_is_told(client, world):
    client.force_login(world.organiser)
    response = client.post(
        reverse("events:cancel", args=[world.event.slug]), {"message": "The venue flooded."}
    )
    assert response.status_code == 302

    client.force_login(world.people["registrant"])
    page = page_of(client, world.event)
    assert "This event is cancelled." in page
    assert "Cancel my registration" in page  # they may still take their name off
    notice = Notification.objects.get(recipient=world.people["registrant"], kind="events.cancelled")
    assert notice.link == reverse("events:event", args=[world.event.slug])


# --- What stays hidden -------------------------------------------------------------------------


def test_the_online_link_reaches_place_holders_and_organisers_only(client):
    world = make_world(audience="public", capacity=1)
    waiting = world.people["member"]
    registration_create(event=world.event, actor=waiting)

    def sees(person) -> bool:
        client.logout()
        if person is not None:
            client.force_login(person)
        return LINK in page_of(client, world.event)

    assert sees(world.people["registrant"])
    assert sees(world.organiser)
    assert not sees(waiting)  # on the waitlist
    assert not sees(world.people["student"])
    assert not sees(None)
    for name in ("index", "mine"):
        client.force_login(world.people["registrant"])
        assert LINK not in client.get(reverse(f"events:{name}")).content.decode()


def test_answers_are_read_by_the_organisers_only(client, world):
    registration_create(event=world.event, actor=world.people["member"])
    slug = world.event.slug

    for role in ("member", "registrant", "student"):
        client.force_login(world.people[role])
        for url in (reverse("events:event", args=[slug]), reverse("events:mine")):
            assert ANSWER not in client.get(url).content.decode(), (role, url)
        assert client.get(reverse("events:registrations", args=[slug])).status_code == 403
        assert client.get(reverse("events:registrations_csv", args=[slug])).status_code == 403

    client.force_login(world.organiser)
    assert ANSWER in client.get(reverse("events:registrations", args=[slug])).content.decode()


def test_the_pages_speak_russian(client, settings):
    world = make_world(capacity=1)
    registration_create(event=world.event, actor=world.people["member"])
    client.force_login(world.people["member"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = page_of(client, world.event)
    listed = client.get(reverse("events:index")).content.decode()

    assert "Вы 1-й в листе ожидания." in page
    assert "Мест нет: 1 человек в листе ожидания" in listed


def test_a_bad_filter_is_answered_with_the_form_and_its_error(client):
    EventFactory(title="Open workshop", audience="public")

    response = client.get(reverse("events:index"), {"kind": "bogus", "page": "x"})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
