"""The online link and the registrants' answers reach only those they are for, through
every events endpoint: the link the organisers and the people holding a place; answers
the organisers and the person who gave them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from events.models import Event, Question
from events.permissions import can_see_online_link
from events.services.registration import registration_create
from tests.events.api_helpers import (
    LIST,
    MINE,
    api,
    detail,
    member,
    outsider,
    registrants,
    secure_staff,
)
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room-4711"
ANSWER = "Allergic to peanuts (told in confidence)"


@pytest.fixture
def world():
    """A public hybrid workshop with one place: someone holds it (and answered its question),
    someone waits; the organiser, staff with and without a second factor, and people with
    no part in it look on."""
    event = EventFactory(
        audience=Event.Audience.PUBLIC, format=Event.Format.HYBRID, online_link=LINK, capacity=1
    )
    question = Question.objects.create(event=event, label="Anything we should know?")
    holder, waiting = member(), member()
    registration_create(event=event, actor=holder, answers={str(question.pk): ANSWER})
    registration_create(event=event, actor=waiting)
    people = {
        "organiser": event.organisers.get(),
        "secure staff": secure_staff(),
        "holder": holder,
        "waiting": waiting,
        "member": member(),
        "outsider": outsider(),
        "staff": UserFactory(is_staff=True),
        "visitor": None,
    }
    return event, people


SEES_LINK = {"organiser", "secure staff", "holder"}


@pytest.mark.parametrize(
    "role",
    ["organiser", "secure staff", "holder", "waiting", "member", "outsider", "staff", "visitor"],
)
def test_the_online_link_is_for_the_organisers_and_those_holding_a_place(world, role):
    event, people = world
    viewer = people[role]
    client = api(viewer)

    listed = client.get(LIST).json()["results"][0]["online_link"]
    one = client.get(detail(event)).json()["online_link"]

    expected = LINK if role in SEES_LINK else None
    assert (listed, one) == (expected, expected)
    assert (expected is not None) == can_see_online_link(viewer or AnonymousUser(), event)


@pytest.mark.parametrize("role", ["holder", "waiting", "member", "outsider", "staff", "visitor"])
def test_no_one_else_reads_the_answers_or_the_link(world, role):
    event, people = world
    client = api(people[role])
    bodies = [client.get(url).content.decode() for url in (LIST, detail(event), MINE)]
    listing = client.get(registrants(event))

    assert listing.status_code in {401, 403}
    assert ANSWER not in listing.content.decode()
    if role != "holder":
        assert not [body for body in bodies if ANSWER in body]
    if role not in SEES_LINK:
        assert not [body for body in bodies if LINK in body]


def test_the_organisers_read_the_answers_and_the_holder_their_own(world):
    event, people = world

    rows = api(people["organiser"]).get(registrants(event)).json()["results"]
    mine = api(people["holder"]).get(MINE).json()["results"]

    assert [row["status"] for row in rows] == ["registered", "waitlisted"]
    assert list(rows[0]["answers"].values()) == [ANSWER]
    assert rows[1]["answers"] == {}
    assert list(mine[0]["answers"].values()) == [ANSWER]
