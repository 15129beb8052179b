"""What the events API tests share: clients, people in each role, and the addresses."""

from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import ProfileFactory, UserFactory
from tests.steering.factories import give_totp

LIST = reverse("api:event-list")
MINE = reverse("api:registration-list")


def detail(event) -> str:
    return reverse("api:event-detail", args=[event.slug])


def registration(event) -> str:
    return reverse("api:event-registration", args=[event.slug])


def registrants(event) -> str:
    return reverse("api:event-registrations-list", args=[event.slug])


def publish(event) -> str:
    return reverse("api:event-publish", args=[event.slug])


def cancel(event) -> str:
    return reverse("api:event-cancel", args=[event.slug])


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def member(**profile):
    """A confirmed member of a member institution (a new one unless given)."""
    return ProfileFactory(**profile).user


def outsider():
    """Signed up and verified, but not (yet) affiliated with a member institution."""
    return UserFactory()


def secure_staff():
    return give_totp(UserFactory(is_staff=True))


def event_body(**fields) -> dict:
    """What a client sends to create a workshop a month ahead."""
    return {
        "kind": "workshop",
        "title": "Evaluating science foundation models",
        "start": "2031-05-04T09:00:00+02:00",
        "end": "2031-05-04T17:00:00+02:00",
        "time_zone": "Europe/Berlin",
        "format": "in_person",
        "venue": "Jülich Supercomputing Centre",
        "capacity": 30,
        **fields,
    }
