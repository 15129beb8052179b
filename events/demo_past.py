"""The events demo's past (events/demo.py): a hackathon and a tutorial that took place, with
who came.

The services take the moment they act at (`now=`), so the past goes through them as it
happened: registered before the start, checked in during the event. The notices those
registrations caused are deleted: they were news then, not today.
"""

import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from events.demo_people import answers_for, at, make
from events.models import Event
from events.services.registration import check_in, registration_create
from members.models import User
from notifications.models import Notification
from workinggroups.selectors import groups_public

K, F, A = Event.Kind, Event.Format, Event.Audience


def seed(people: Sequence[User], ada: User, rng: random.Random) -> Iterator[str]:
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    groups = {group.slug: group for group in groups_public()}
    sprint_start = at(-90, 9, "America/New_York")
    sprint = _held(
        people[5],
        people,
        rng,
        came=0.85,
        extra=[ada],
        kind=K.HACKATHON,
        title="Evaluation Harness Sprint",
        slug="evaluation-harness-sprint",
        description="Two days to put every benchmark of the consortium into one harness.",
        start=sprint_start,
        end=sprint_start + timedelta(days=1, hours=8),
        time_zone="America/New_York",
        format=F.IN_PERSON,
        venue="Oak Ridge National Laboratory, Oak Ridge TN",
        registration_opens=sprint_start - timedelta(days=30),
        capacity=30,
        group=groups.get("evaluation"),
    )
    tutorial_start = at(-40, 14, "Europe/Berlin")
    tutorial = _held(
        people[6],
        people,
        rng,
        came=0.75,
        extra=[],
        kind=K.TUTORIAL,
        title="Tutorial: Checkpointing at Scale",
        slug="checkpointing-tutorial",
        description="Asynchronous, sharded checkpoints that survive a node failure.",
        start=tutorial_start,
        end=tutorial_start + timedelta(hours=3),
        time_zone="Europe/Berlin",
        format=F.HYBRID,
        venue="Jülich Supercomputing Centre, Jülich",
        online_link="https://meet.example.org/tpc-checkpointing",
        registration_opens=tutorial_start - timedelta(days=21),
        capacity=40,
        group=groups.get("training-runtimes"),
    )
    Notification.objects.filter(pk__gt=last).delete()
    came = sum(
        event.registrations.filter(checked_in__isnull=False).count() for event in (sprint, tutorial)
    )
    yield f"Held 2 past events; {came} people came"


def _held(
    organiser: User,
    people: Sequence[User],
    rng: random.Random,
    *,
    came: float,
    extra: Sequence[User],
    **data,
) -> Event:
    """The event made, published and registered for before it started; the share `came`
    of those holding a place checked in during its first hour."""
    start: datetime = data["start"]
    event = make(organiser, **data)
    others = [person for person in people if person != organiser and person not in extra]
    registered_at = data["registration_opens"] + timedelta(days=1)
    for number, person in enumerate([*extra, *rng.sample(others, 26)]):
        registration_create(
            event=event,
            actor=person,
            answers=answers_for(event, rng),
            now=registered_at + timedelta(hours=number),
        )
    holders = event.registrations.filter(status="registered").order_by("arrival")
    for number, registration in enumerate(holders):
        if registration.user in extra or rng.random() < came:
            moment = start + timedelta(minutes=2 * number % 60)
            check_in(registration=registration, actor=organiser, now=moment)
    return event
