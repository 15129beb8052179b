"""How many queries the event list, the organisers' registrations page, the CSV and the
check-in page cost, with 5 rows and with 500: the same number, or an N+1 has crept in
(issue 14, tests)."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Question, Registration
from members.models import Profile, User
from tests.events.pages_world import NOW, member
from tests.factories import EventFactory, InstitutionFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

SIZES = [5, 500]
_numbers = itertools.count()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _events(count: int) -> None:
    group = WorkingGroupFactory()
    institution = InstitutionFactory()
    Event.objects.bulk_create(
        [
            Event(
                kind=Event.Kind.WORKSHOP,
                title=f"Workshop {n:04d}",
                slug=f"workshop-{n:04d}",
                start=NOW + timedelta(days=1 + n % 90),
                end=NOW + timedelta(days=2 + n % 90),
                time_zone="Europe/Berlin",
                venue="Jülich",
                capacity=10 if n % 2 else None,
                audience=Event.Audience.PUBLIC,
                status=Event.Status.PUBLISHED,
                group=group if n % 3 else None,
                institution=institution,
            )
            for n in range(count)
        ]
    )


def _registered(event: Event, count: int) -> None:
    """`count` people holding a place, each with an answer, made in bulk."""
    institution = InstitutionFactory()
    numbers = [next(_numbers) for _ in range(count)]
    users = User.objects.bulk_create(
        [User(email=f"bulk{n}@lab.example", full_name=f"Bulk Person {n}") for n in numbers]
    )
    Profile.objects.bulk_create(
        [Profile(user=user, display_name=user.full_name, institution=institution) for user in users]
    )
    question = Question.objects.create(event=event, label="Dietary needs")
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                user=user,
                status=Registration.Status.REGISTERED,
                arrival=n + 1,
                institution=institution,
                answers={str(question.pk): "None"},
                checked_in=NOW if n % 2 else None,
            )
            for n, user in enumerate(users)
        ]
    )
    Event.objects.filter(pk=event.pk).update(capacity=None, arrivals=count)


def _queries(client, url, **params) -> tuple[int, object]:
    client.get(url, params)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("count", SIZES)
def test_the_event_list_costs_the_same_for_5_and_500_events(
    client, count, django_assert_max_num_queries
):
    _events(count)
    client.force_login(member("Vera Viewer"))
    client.get(reverse("events:index"))

    # The user and their profile (zone); whether they are a confirmed member and the events
    # they organise; the count and the page of events with their counts, group and
    # institution; the working groups of the filter; the inbox badge.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("events:index"))

    assert response.content.decode().count('class="profile-card"') == min(count, 25)


@pytest.mark.parametrize("name", ["registrations", "check_in"])
def test_the_organisers_pages_cost_the_same_for_5_and_500_registrations(client, name):
    costs = []
    for count in SIZES:
        organiser = member("Olga Organiser")
        event = EventFactory(organiser=organiser)
        _registered(event, count)
        client.force_login(organiser)
        cost, response = _queries(client, reverse(f"events:{name}", args=[event.slug]))
        assert response.content.decode().count("Bulk Person") >= count
        costs.append(cost)
    assert costs[0] == costs[1], costs
    # The session and the user, their profile (zone); the event and the events they
    # organise; the counts (or the checked-in counts); the questions or the list; the
    # registrations with names and institutions; the inbox badge.
    assert costs[1] <= 10


def test_the_csv_costs_the_same_for_5_and_500_registrations(client):
    costs = []
    for count in SIZES:
        organiser = member("Olga Organiser")
        event = EventFactory(organiser=organiser)
        _registered(event, count)
        client.force_login(organiser)
        url = reverse("events:registrations_csv", args=[event.slug])
        with CaptureQueriesContext(connection) as queries:
            lines = b"".join(client.get(url).streaming_content).decode().splitlines()
        assert len(lines) == count + 1
        costs.append(len(queries))
    assert costs[0] == costs[1], costs
