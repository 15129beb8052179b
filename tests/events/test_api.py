"""The events API: who may do what (role by method), registering and cancelling through it,
and refusals as 400 with the field at fault, never a 500."""

import datetime

import pytest
import time_machine

from events.models import Event, Question, Registration
from events.services.registration import registration_create
from tests.events.api_helpers import (
    LIST,
    MINE,
    api,
    cancel,
    detail,
    event_body,
    member,
    outsider,
    publish,
    registrants,
    registration,
    secure_staff,
)
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


# --- Who may do what -------------------------------------------------------------------------


def _people(event):
    registered = member()
    registration_create(event=event, actor=registered)
    return {
        "visitor": None,
        "outsider": outsider(),
        "member": member(),
        "registrant": registered,
        "organiser": event.organisers.get(),
        "staff": UserFactory(is_staff=True),
        "secure staff": secure_staff(),
    }


# Each operation on a published members' event, and what each role gets. 400 is a domain
# refusal of someone allowed to ask (publishing what is already published; cancelling a
# registration one does not have).
ROLES = ["visitor", "outsider", "member", "registrant", "organiser", "staff", "secure staff"]
TABLE = {
    ("get", "list"): (200, 200, 200, 200, 200, 200, 200),
    ("get", "detail"): (404, 404, 200, 200, 200, 200, 200),
    ("post", "list"): (401, 403, 201, 201, 201, 201, 201),
    ("patch", "detail"): (401, 404, 403, 403, 200, 403, 200),
    ("post", "publish"): (401, 404, 403, 403, 400, 403, 400),
    ("post", "cancel"): (401, 404, 403, 403, 200, 403, 200),
    ("post", "registration"): (401, 404, 201, 400, 201, 201, 201),
    ("delete", "registration"): (401, 404, 400, 204, 400, 400, 400),
    ("get", "registrants"): (401, 404, 403, 403, 200, 403, 200),
    ("get", "mine"): (401, 200, 200, 200, 200, 200, 200),
    ("delete", "detail"): (401, 405, 405, 405, 405, 405, 405),
    ("put", "detail"): (401, 405, 405, 405, 405, 405, 405),
}
BODIES = {
    ("post", "list"): event_body(),
    ("patch", "detail"): {"title": "Evaluating foundation models for science"},
}


def _url(where, event):
    return {
        "list": LIST,
        "detail": detail(event),
        "publish": publish(event),
        "cancel": cancel(event),
        "registration": registration(event),
        "registrants": registrants(event),
        "mine": MINE,
    }[where]


@pytest.mark.parametrize(
    ("method", "where", "role", "expected"),
    [
        (method, where, role, expected)
        for (method, where), answers in TABLE.items()
        for role, expected in zip(ROLES, answers, strict=True)
    ],
)
def test_permission_table(method, where, role, expected):
    event = EventFactory()
    caller = _people(event)[role]
    body = BODIES.get((method, where))

    response = getattr(api(caller), method)(_url(where, event), body, format="json")

    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert set(response.json()) == {"message", "errors"}


def test_a_draft_is_seen_by_its_organisers_and_staff_only():
    draft = EventFactory(status=Event.Status.DRAFT, audience=Event.Audience.PUBLIC)
    organiser = draft.organisers.get()

    assert api(organiser).get(detail(draft)).status_code == 200
    assert api(UserFactory(is_staff=True)).get(detail(draft)).status_code == 200
    assert api(member()).get(detail(draft)).status_code == 404
    assert api().get(detail(draft)).status_code == 404
    assert [row["slug"] for row in api(member()).get(LIST).json()["results"]] == []


def test_visitors_list_public_events_only():
    public = EventFactory(audience=Event.Audience.PUBLIC)
    EventFactory(audience=Event.Audience.MEMBERS)

    body = api().get(LIST).json()

    assert [row["slug"] for row in body["results"]] == [public.slug]
    assert api().get(detail(public)).status_code == 200


# --- Creating, editing, publishing and cancelling --------------------------------------------


def test_a_confirmed_member_creates_a_draft_they_organise_with_questions():
    person = member(display_name="Ada Organiser")
    body = event_body(
        questions=[
            {"label": "Dietary needs"},
            {"label": "Level", "kind": "choice", "options": ["new", "expert"], "required": True},
        ]
    )

    response = api(person).post(LIST, body, format="json")

    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "draft"
    assert created["slug"] == "evaluating-science-foundation-models"
    assert created["organisers"] == ["Ada Organiser"]
    assert created["start"] == "2031-05-04T07:00:00Z"
    assert [(q["label"], q["options"], q["required"]) for q in created["questions"]] == [
        ("Dietary needs", [], False),
        ("Level", ["new", "expert"], True),
    ]
    event = Event.objects.get()
    assert list(event.organisers.all()) == [person]


def test_publishing_opens_the_draft_and_cancelling_closes_it():
    person = member()
    slug = api(person).post(LIST, event_body(), format="json").json()["slug"]
    event = Event.objects.get(slug=slug)

    published = api(person).post(publish(event))
    again = api(person).post(publish(event))
    cancelled = api(person).post(cancel(event), {"message": "The room flooded."}, format="json")

    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert again.status_code == 400
    assert again.json()["message"] == "Only a draft is published."
    assert cancelled.json()["status"] == "cancelled"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
        ({"end": "2031-05-04T08:00:00+02:00"}, "end"),
        ({"venue": ""}, "venue"),
        ({"format": "virtual", "venue": ""}, "online_link"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"capacity": -1}, "capacity"),
        ({"group": "no-such-group"}, "group"),
        ({"institution_cap": 3}, "cap_until"),
        ({"slug": "new"}, "slug"),
        ({"questions": [{"label": "Pick", "kind": "choice", "options": ["one"]}]}, "choices"),
    ],
)
def test_bad_input_is_a_400_with_the_field_at_fault(fields, field):
    response = api(member()).post(LIST, event_body(**fields), format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Event.objects.exists()


def test_a_taken_slug_is_refused_on_the_slug():
    EventFactory(slug="scaling-day")

    response = api(member()).post(LIST, event_body(slug="scaling-day"), format="json")

    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_lowering_places_below_the_registered_needs_confirming():
    event = EventFactory(capacity=3)
    for _ in range(3):
        registration_create(event=event, actor=member())
    organiser = api(event.organisers.get())

    refused = organiser.patch(detail(event), {"capacity": 2}, format="json")
    confirmed = organiser.patch(
        detail(event), {"capacity": 2, "confirm_capacity": True}, format="json"
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["capacity"]
    assert "3 people are registered" in refused.json()["message"]
    assert confirmed.status_code == 200
    assert confirmed.json()["capacity"] == 2
    assert confirmed.json()["places_left"] == 0


def test_more_places_move_the_waitlist_up_in_order():
    event = EventFactory(capacity=1)
    people = [member() for _ in range(4)]
    for person in people:
        registration_create(event=event, actor=person)

    response = api(event.organisers.get()).patch(detail(event), {"capacity": 3}, format="json")

    assert response.json()["waitlist_length"] == 1
    held = event.registrations.filter(status=Status.REGISTERED).values_list("user", flat=True)
    assert set(held) == {person.pk for person in people[:3]}


def test_a_patch_changes_only_what_it_names():
    event = EventFactory(title="Old title", venue="Argonne")

    api(event.organisers.get()).patch(detail(event), {"title": "New title"}, format="json")

    event.refresh_from_db()
    assert (event.title, event.venue) == ("New title", "Argonne")


def test_a_past_event_is_found_by_its_slug_and_listed_with_when_past():
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), tick=False):
        past = EventFactory(audience=Event.Audience.PUBLIC)
    EventFactory(audience=Event.Audience.PUBLIC)

    assert api().get(detail(past)).status_code == 200
    assert [row["slug"] for row in api().get(LIST, {"when": "past"}).json()["results"]] == [
        past.slug
    ]
    assert past.slug not in {row["slug"] for row in api().get(LIST).json()["results"]}


def test_the_list_filters_by_kind():
    hackathon = EventFactory(kind=Event.Kind.HACKATHON)
    EventFactory(kind=Event.Kind.SEMINAR)

    rows = api(member()).get(LIST, {"kind": "hackathon"}).json()["results"]

    assert [row["slug"] for row in rows] == [hackathon.slug]


# --- Registering and cancelling ----------------------------------------------------------


def test_places_then_the_waitlist_with_positions():
    event = EventFactory(capacity=2)
    answers = [api(member()).post(registration(event)).json() for _ in range(4)]

    assert answers == [
        {"status": "registered", "position": None},
        {"status": "registered", "position": None},
        {"status": "waitlisted", "position": 1},
        {"status": "waitlisted", "position": 2},
    ]


def test_an_application_is_applied_without_a_position():
    event = EventFactory(mode=Event.Mode.APPLICATIONS)

    response = api(member()).post(registration(event))

    assert response.status_code == 201
    assert response.json() == {"status": "applied", "position": None}


def test_cancelling_frees_the_place_for_the_first_in_line():
    event = EventFactory(capacity=1)
    first, second = member(), member()
    api(first).post(registration(event))
    api(second).post(registration(event))

    response = api(first).delete(registration(event))

    assert response.status_code == 204
    assert event.registrations.get(user=second).status == Status.REGISTERED
    assert api(second).get(detail(event)).json()["my_status"] == "registered"


def test_registering_twice_is_a_400_that_says_so():
    event = EventFactory()
    person = member()
    api(person).post(registration(event))

    response = api(person).post(registration(event))

    assert response.status_code == 400
    assert response.json()["message"] == "You are already registered for this event."
    assert event.registrations.count() == 1


def test_answers_are_checked_and_errors_keyed_by_question():
    event = EventFactory()
    diet = Question.objects.create(event=event, label="Dietary needs", required=True)
    level = Question.objects.create(
        event=event, label="Level", kind=Question.Kind.CHOICE, choices="new\nexpert"
    )
    bus = Question.objects.create(event=event, label="Shuttle?", kind=Question.Kind.YES_NO)
    person = api(member())

    refused = person.post(registration(event), {"answers": {str(level.pk): "guru"}}, format="json")
    not_text = person.post(
        registration(event), {"answers": {str(diet.pk): {"a": 1}}}, format="json"
    )
    accepted = person.post(
        registration(event),
        {"answers": {str(diet.pk): "Vegan", str(level.pk): "expert", str(bus.pk): True}},
        format="json",
    )

    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {f"q_{diet.pk}", f"q_{level.pk}"}
    assert not_text.status_code == 400
    assert set(not_text.json()["errors"]) == {f"q_{diet.pk}"}
    assert accepted.status_code == 201
    answers = event.registrations.get().answers
    assert answers == {str(diet.pk): "Vegan", str(level.pk): "expert", str(bus.pk): "yes"}


def test_audience_and_window_refusals_are_400_with_the_reason():
    students = EventFactory(audience=Event.Audience.EARLY_CAREER)
    closed = EventFactory(
        registration_closes=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    )

    for_students = api(member()).post(registration(students))
    too_late = api(member()).post(registration(closed))

    assert for_students.status_code == 400
    assert "students and postdocs" in for_students.json()["message"]
    assert too_late.status_code == 400
    assert too_late.json()["message"].startswith("Registration closed")


def test_cancelling_after_the_start_is_refused():
    event = EventFactory()
    person = member()
    api(person).post(registration(event))

    with time_machine.travel(event.start + datetime.timedelta(minutes=5), tick=False):
        response = api(person).delete(registration(event))

    assert response.status_code == 400
    assert event.registrations.get().status == Status.REGISTERED


def test_my_registrations_say_where_i_stand():
    full = EventFactory(capacity=1, title="Full")
    roomy = EventFactory(title="Roomy", start=full.start + datetime.timedelta(days=1))
    person = member()
    registration_create(event=full, actor=member())
    registration_create(event=full, actor=member())
    registration_create(event=full, actor=person)
    registration_create(event=roomy, actor=person)

    rows = api(person).get(MINE).json()["results"]

    assert [(r["event"]["title"], r["status"], r["position"]) for r in rows] == [
        ("Full", "waitlisted", 2),
        ("Roomy", "registered", None),
    ]
    assert rows[0]["event"]["slug"] == full.slug
