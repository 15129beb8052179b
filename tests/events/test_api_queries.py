"""What the events API's lists cost: the same number of queries for 5 rows as for 500, so
that no N+1 hides in a count, an organiser's name, a question or the caller's position."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.models import Event, Question, Registration
from members.models import Profile, User
from tests.events.api_helpers import (
    LIST,
    MINE,
    api,
    member,
    registrants,
    registration,
    secure_staff,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _people(n: int, prefix: str) -> list[User]:
    """n accounts with their profiles (bulk inserts: 500 through the services take long)."""
    users = User.objects.bulk_create(
        [User(email=f"{prefix}{i}@example.org", full_name=f"Person {prefix} {i}") for i in range(n)]
    )
    Profile.objects.bulk_create([Profile.new_for(user) for user in users])
    return users


def _events(n: int, organiser: User, caller: User) -> list[Event]:
    """n published members' workshops, two places each, both taken by others; the caller
    is waiting on each (second in line on every other one), and answered its question."""
    now = timezone.now()
    events = Event.objects.bulk_create(
        [
            Event(
                kind=Event.Kind.WORKSHOP,
                title=f"Workshop {i:04}",
                slug=f"workshop-{i:04}",
                start=now + datetime.timedelta(days=30, hours=i),
                end=now + datetime.timedelta(days=30, hours=i + 2),
                venue="Argonne",
                capacity=2,
                registration_opens=now - datetime.timedelta(days=1),
                status=Event.Status.PUBLISHED,
                arrivals=4,
            )
            for i in range(n)
        ]
    )
    Event.organisers.through.objects.bulk_create(
        [Event.organisers.through(event=event, user=organiser) for event in events]
    )
    questions = Question.objects.bulk_create(
        [Question(event=event, label="Dietary needs") for event in events]
    )
    first, second, third = _people(3, "other")
    rows = []
    for i, (event, question) in enumerate(zip(events, questions, strict=True)):
        rows += [
            Registration(event=event, user=first, status=Status.REGISTERED, arrival=1),
            Registration(event=event, user=second, status=Status.REGISTERED, arrival=2),
        ]
        if i % 2:
            rows.append(Registration(event=event, user=third, status=Status.WAITLISTED, arrival=3))
        rows.append(
            Registration(
                event=event,
                user=caller,
                status=Status.WAITLISTED,
                arrival=4,
                answers={str(question.pk): "Vegetarian"},
            )
        )
    Registration.objects.bulk_create(rows)
    return events


@pytest.mark.parametrize("role", ["visitor", "member", "organiser", "secure staff"])
@pytest.mark.parametrize("n", [5, 500])
def test_the_event_list_costs_the_same_for_5_and_500(n, role, django_assert_max_num_queries):
    organiser, caller = member(), member()
    _events(n, organiser, caller)
    if role == "visitor":
        Event.objects.update(audience=Event.Audience.PUBLIC)
    viewer = {"visitor": None, "member": caller, "organiser": organiser}.get(role)
    client = api(viewer if role != "secure staff" else secure_staff())

    with django_assert_max_num_queries(7):
        body = client.get(LIST, {"page_size": 100}).json()

    assert body["count"] == n
    rows = body["results"]
    assert len(rows) == min(n, 100)
    assert {row["places_left"] for row in rows} == {0}
    assert rows[0]["organisers"] == [organiser.profile.display_name]
    assert rows[0]["questions"][0]["label"] == "Dietary needs"
    if role == "member":
        assert [row["my_position"] for row in rows[:4]] == [1, 2, 1, 2]
    if role in ("organiser", "secure staff"):
        assert {row["online_link"] for row in rows} == {""}  # in person: none to give


@pytest.mark.parametrize("n", [5, 500])
def test_my_registrations_cost_the_same_for_5_and_500(n, django_assert_max_num_queries):
    caller = member()
    _events(n, member(), caller)

    with django_assert_max_num_queries(2):
        body = api(caller).get(MINE, {"page_size": 100}).json()

    assert body["count"] == n
    assert [row["position"] for row in body["results"][:4]] == [1, 2, 1, 2]


@pytest.mark.parametrize("n", [5, 500])
def test_the_organisers_list_costs_the_same_for_5_and_500(n, django_assert_max_num_queries):
    organiser = member()
    (event,) = _events(1, organiser, member())
    people = _people(n, "registrant")
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                user=person,
                status=Status.WAITLISTED,
                arrival=10 + i,
                answers={"1": "Vegan"},
            )
            for i, person in enumerate(people)
        ]
    )

    with django_assert_max_num_queries(5):
        body = api(organiser).get(registrants(event), {"page_size": 100}).json()

    assert body["count"] == n + 3
    rows = body["results"]
    assert [row["position"] for row in rows[:5]] == [None, None, 1, 2, 3]
    assert rows[3]["name"] == "Person registrant 0"


@pytest.mark.parametrize("waiting", [0, 300])
def test_a_registration_is_the_same_few_statements_however_long_the_line(
    waiting, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Every registration for a popular event queues on its lock, so each statement is
    counted: the event, the caller's standing (membership, career stage and institution in
    one read) and the questions; then, in the transaction (a savepoint here), the arrival
    number taken with the lock, one count of the line, the registration and its audit
    entry; after the commit, one message to a worker, which (run at once here) reads the
    caller, their e-mail preference and writes the notice in a transaction (a savepoint
    here), whose e-mail goes to the queue after that."""
    organiser, caller = member(), member()
    caller = type(caller).objects.get(pk=caller.pk)  # as a token finds it: no profile read
    (event,) = _events(1, organiser, member())
    Event.objects.filter(pk=event.pk).update(arrivals=4 + waiting)
    Registration.objects.bulk_create(
        [
            Registration(event=event, user=person, status=Status.WAITLISTED, arrival=5 + i)
            for i, person in enumerate(_people(waiting, "waiting"))
        ]
    )
    question = event.questions.get()
    ahead = Registration.objects.filter(event=event, status=Status.WAITLISTED).count()
    ContentType.objects.get_for_model(Event)  # the audit's, read once per process

    with django_capture_on_commit_callbacks() as after_commit, django_assert_num_queries(9):
        response = api(caller).post(
            registration(event), {"answers": {str(question.pk): "None"}}, format="json"
        )

    assert response.status_code == 201
    assert response.json() == {"status": "waitlisted", "position": ahead + 1}
    with django_capture_on_commit_callbacks() as emails, django_assert_num_queries(5):
        for callback in after_commit:
            callback()
    assert len(emails) == 1
    mine = Registration.objects.get(event=event, user=caller)
    assert (mine.arrival, mine.answers) == (5 + waiting, {str(question.pk): "None"})
