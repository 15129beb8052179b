"""Who may open which page of events: role x URL x method -> status.

Refusals: not signed in -> sent to sign in; an event the person may not see -> 404 (a
members' event to a newcomer); the organisers' pages -> 403 for everyone but the event's
organisers and staff with a second factor; an action the event refuses (registering
twice, answering a registration that holds a place) -> 400 with the reason. Each role
acts on a fresh world, so that no one's action changes what the next finds.
"""

import pytest
import time_machine
from django.urls import reverse

from tests.events.pages_world import LOGIN, NOW, make_world

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor", "newcomer", "member", "student", "registrant", "organiser",
    "staff_without_2fa", "staff",
]  # fmt: skip
SEES = {"visitor": LOGIN, "newcomer": 404}
ORGANISERS = {**SEES, "member": 403, "student": 403, "registrant": 403, "staff_without_2fa": 403}
POST_ONLY = {"visitor": LOGIN}  # everyone else: 405
CONFIRMED = {"visitor": LOGIN, "newcomer": 403}

# (url name, method, {role: expected}, default); what a route takes is in _url().
TABLE = [
    ("index", "get", {}, 200),
    ("index", "post", {}, 405),
    ("mine", "get", {"visitor": LOGIN}, 200),
    ("mine", "post", {"visitor": LOGIN}, 405),
    ("new", "get", CONFIRMED, 200),
    ("new", "post", CONFIRMED, 400),
    ("event", "get", {"visitor": 404, "newcomer": 404}, 200),
    ("event", "post", {}, 405),
    ("register", "get", POST_ONLY, 405),
    ("register", "post", {**SEES, "registrant": 400}, 302),
    ("unregister", "get", POST_ONLY, 405),
    ("unregister", "post", {**SEES, "registrant": 302}, 400),
    ("edit", "get", ORGANISERS, 200),
    ("edit", "post", ORGANISERS, 400),
    ("publish", "get", POST_ONLY, 405),
    ("publish", "post", ORGANISERS, 400),  # it is published already
    ("capacity", "get", POST_ONLY, 405),
    ("capacity", "post", ORGANISERS, 302),
    ("close", "get", POST_ONLY, 405),
    ("close", "post", ORGANISERS, 302),
    ("message", "get", POST_ONLY, 405),
    ("message", "post", ORGANISERS, 400),  # no message written
    ("cancel", "get", POST_ONLY, 405),
    ("cancel", "post", ORGANISERS, 302),
    ("registrations", "get", ORGANISERS, 200),
    ("registrations", "post", {"visitor": LOGIN}, 405),
    ("registrations_csv", "get", ORGANISERS, 200),
    ("registrations_csv", "post", {"visitor": LOGIN}, 405),
    ("decline_rest", "get", POST_ONLY, 405),
    ("decline_rest", "post", ORGANISERS, 302),
    # The registration holds a place: it is no application to answer.
    ("accept", "post", ORGANISERS, 400),
    ("waitlist", "post", ORGANISERS, 400),
    ("decline", "post", ORGANISERS, 400),
    ("accept", "get", POST_ONLY, 405),
    ("check_in", "get", ORGANISERS, 200),
    ("check_in", "post", {"visitor": LOGIN}, 405),
    ("check_in_person", "get", POST_ONLY, 405),
    ("check_in_person", "post", ORGANISERS, 302),
]

WITH_REGISTRATION = {"accept", "waitlist", "decline", "check_in_person"}


def _url(world, name):
    if name in {"index", "mine", "new"}:
        return reverse(f"events:{name}")
    if name in WITH_REGISTRATION:
        return reverse(f"events:{name}", args=[world.event.slug, world.registration.pk])
    return reverse(f"events:{name}", args=[world.event.slug])


@pytest.mark.parametrize(
    ("name", "method", "role", "expected"),
    [
        (name, method, role, special.get(role, default))
        for name, method, special, default in TABLE
        for role in ROLES
    ],
)
def test_who_may_open_what(client, name, method, role, expected):
    with time_machine.travel(NOW, tick=False):
        world = make_world()
        person = world.people[role]
        if person is not None:
            client.force_login(person)
        response = getattr(client, method)(_url(world, name))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected
