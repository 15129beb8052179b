"""People and events for the tests of the events' pages, built through the factories and
the real services: a visitor, a newcomer (no name, no profile filled in, no affiliation),
confirmed members, a student, an organiser and staff (with and without a second factor)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from events.models import Event, Question, Registration
from members.models import Profile, User
from tests.factories import EventFactory, ProfileFactory, UserFactory
from tests.steering.factories import give_totp

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
LINK = "https://meet.example.org/tpc-workshop-secret"
LOGIN = "login"


def member(name: str, **profile) -> User:
    """A confirmed member of the consortium (at a member institution)."""
    return ProfileFactory(user__full_name=name, **profile).user


def newcomer() -> User:
    """Signed up without a name; the profile sign-up made, at no institution."""
    return UserFactory(full_name="", email="newcomer@nowhere.example")


@dataclass
class World:
    organiser: User
    people: dict[str, User | None] = field(default_factory=dict)
    event: Event | None = None
    registration: Registration | None = None


def make_world(**event_fields) -> World:
    """A published hybrid workshop for members with two places and a question; a
    registrant holds one place."""
    organiser = member("Olga Organiser")
    registrant = member("Rita Registrant")
    people: dict[str, User | None] = {
        "visitor": None,
        "newcomer": newcomer(),
        "member": member("Mark Member"),
        "student": member("Sasha Student", career_stage=Profile.CareerStage.STUDENT),
        "registrant": registrant,
        "organiser": organiser,
        "staff_without_2fa": UserFactory(is_staff=True, full_name="Stan Staff"),
        "staff": give_totp(UserFactory(is_staff=True, is_superuser=True, full_name="Sec Staff")),
    }
    fields = {
        "slug": "scaling-workshop",
        "title": "Scaling laws workshop",
        "format": Event.Format.HYBRID,
        "online_link": LINK,
        "capacity": 2,
        **event_fields,
    }
    event = EventFactory(organiser=organiser, **fields)
    Question.objects.create(event=event, label="Dietary needs", kind=Question.Kind.TEXT)
    registration = Registration.objects.create(
        event=event,
        user=registrant,
        status=Registration.Status.REGISTERED,
        arrival=1,
        answers={str(event.questions.get().pk): "Vegetarian, no nuts"},
    )
    Event.objects.filter(pk=event.pk).update(arrivals=1)
    return World(organiser=organiser, people=people, event=event, registration=registration)
