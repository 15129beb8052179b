"""Capacity holds when people arrive at the same moment (PostgreSQL: real row locks).

Each person is a thread with its own database connection, all released together by a
barrier. The server's connections are shared with other work (max_connections is 100 on
CI machines), so at most CONNECTIONS threads hold one at a time: the others queue for a
connection, then for the event's row lock, as requests queue for gunicorn's workers.
"""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from events.models import Event, Registration
from events.selectors import waitlist_position
from events.services.registration import (
    application_decide,
    registration_cancel,
    registration_create,
)
from notifications.models import Notification
from tests.events.api_helpers import api, registration
from tests.factories import EventFactory, InstitutionFactory, ProfileFactory
from tpc_portal.errors import ApplicationError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Registration.Status
CONNECTIONS = 40


def _at_once(actions: list[Callable[[], Any]]) -> list[Any]:
    """Run every action in a thread of its own, all released at once; what each returned,
    or the ApplicationError it raised."""
    start = threading.Barrier(len(actions))
    connected = threading.BoundedSemaphore(CONNECTIONS)
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        start.wait(timeout=60)
        with connected:
            try:
                results[index] = action()
            except ApplicationError as error:
                results[index] = error
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not [thread for thread in threads if thread.is_alive()]
    return results


def _members(n: int) -> list:
    """n confirmed members from ten institutions."""
    labs = [InstitutionFactory() for _ in range(10)]
    return [ProfileFactory(institution=labs[i % 10]).user for i in range(n)]


def _lists(event: Event) -> tuple[list[int], list[int]]:
    """The arrival numbers of those holding a place, and the waitlist positions."""
    rows = event.registrations.order_by("arrival")
    held = [r.arrival for r in rows if r.status == Status.REGISTERED]
    positions = [waitlist_position(r) for r in rows if r.status == Status.WAITLISTED]
    return held, positions


def test_200_at_once_for_50_places_register_50_and_line_up_150():
    event = EventFactory(capacity=50)
    people = _members(200)

    made = _at_once(
        [lambda person=person: registration_create(event=event, actor=person) for person in people]
    )

    assert not [r for r in made if not isinstance(r, Registration)]
    held, positions = _lists(event)
    # The first 50 to arrive hold the places; the rest wait in order of arrival, at
    # positions 1 to 150 with no gap and no duplicate.
    assert held == list(range(1, 51))
    assert positions == list(range(1, 151))
    assert sorted(event.registrations.values_list("arrival", flat=True)) == list(range(1, 201))
    event.refresh_from_db()
    assert event.arrivals == 200
    kinds = Counter(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"events.registered": 50, "events.waitlisted": 150}


def test_200_at_once_through_the_api_get_50_places_and_positions_1_to_150():
    event = EventFactory(capacity=50)
    clients = [api(person) for person in _members(200)]
    url = registration(event)

    answers = _at_once([lambda client=client: client.post(url) for client in clients])

    assert Counter(answer.status_code for answer in answers) == {201: 200}
    bodies = [answer.json() for answer in answers]
    assert sum(body == {"status": "registered", "position": None} for body in bodies) == 50
    told = sorted(body["position"] for body in bodies if body["status"] == "waitlisted")
    assert told == list(range(1, 151))
    assert _lists(event) == (list(range(1, 51)), list(range(1, 151)))


def test_cancellations_and_arrivals_at_once_keep_the_places_and_the_order():
    event = EventFactory(capacity=50)
    first_hundred, newcomers = _members(100), _members(20)
    for person in first_hundred:
        registration_create(event=event, actor=person)
    leaving = first_hundred[:20]

    _at_once(
        [lambda person=person: registration_cancel(event=event, actor=person) for person in leaving]
        + [
            lambda person=person: registration_create(event=event, actor=person)
            for person in newcomers
        ]
    )

    registered = set(
        event.registrations.filter(status=Status.REGISTERED).values_list("user", flat=True)
    )
    # The first 20 in line moved up; the newcomers joined the end of the line.
    assert registered == {person.pk for person in first_hundred[20:70]}
    held, positions = _lists(event)
    assert len(held) == 50
    assert positions == list(range(1, 51))
    waiting_newcomers = event.registrations.filter(user__in=newcomers, status=Status.WAITLISTED)
    assert waiting_newcomers.count() == 20


def test_300_applications_for_40_places_and_no_41st_acceptance_even_at_once():
    event = EventFactory(capacity=40, mode=Event.Mode.APPLICATIONS)
    organiser = event.organisers.get()
    applicants = _members(300)

    made = _at_once(
        [
            lambda person=person: registration_create(event=event, actor=person)
            for person in applicants
        ]
    )
    assert {r.status for r in made} == {Status.APPLIED}
    # The organisers accept 45 at once (two browser tabs, say): 40 get the places.
    decided = _at_once(
        [
            lambda r=r: application_decide(registration=r, actor=organiser, to=Status.REGISTERED)
            for r in made[:45]
        ]
    )

    refused = [r for r in decided if isinstance(r, ApplicationError)]
    assert len(refused) == 5
    assert {error.message for error in refused} == {
        "All 40 places are taken: raise the number of places, or put this person on the waitlist."
    }
    counts = Counter(event.registrations.values_list("status", flat=True))
    assert counts == {Status.REGISTERED: 40, Status.APPLIED: 260}


def test_a_registration_locks_the_event_before_counting_its_places():
    """The lock is the UPDATE that takes the arrival number (a row lock, as FOR UPDATE
    takes); the count and the insert are statements after it, so they see every
    registration committed while this one waited."""
    event = EventFactory(capacity=50)
    person = _members(1)[0]

    with CaptureQueriesContext(connection) as queries:
        registration_create(event=event, actor=person)

    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if q.startswith('UPDATE "events_event"'))
    assert "SET arrivals = arrivals + 1" in sql[lock]
    assert "RETURNING" in sql[lock]
    count = next(i for i, q in enumerate(sql) if "COUNT(" in q and "events_registration" in q)
    insert = next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "events_registration"'))
    assert lock < count < insert
