"""What the events demo (events/demo.py, demo_past.py) shares: who takes part, how an
event is made and published, and the answers people give to its questions."""

import random
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import Event, Question
from events.services.events import event_create, event_publish
from members.models import Institution, Profile, User

MOTIVATIONS = [
    "I train surrogate models for climate simulations and want to learn to scale them.",
    "My thesis uses a protein language model; I need to fine-tune it on our own data.",
    "I run the data pipeline of our group and want to meet the people doing the same.",
    "We are starting a materials foundation model and I would like to learn from others.",
    "I would like hands-on time on a leadership-class machine with expert mentors.",
]


def at(days: int, hour: int, zone: str, minute: int = 0) -> datetime:
    """`days` from today (negative: ago) in `zone`, at the local hour."""
    tz = ZoneInfo(zone)
    day = timezone.now().astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tz)


def _confirmed() -> Any:
    return (
        User.objects.filter(profile__institution__status=Institution.Status.MEMBER, is_staff=False)
        .exclude(profile__display_name="")
        .select_related("profile")
        .order_by("email")
    )


def confirmed_people() -> list[User]:
    """Confirmed members with a listed profile, in a stable order."""
    return list(_confirmed()[:200])


def early_career_people(*, limit: int) -> list[User]:
    """Confirmed students and postdocs, in a stable order."""
    stages = [Profile.CareerStage.STUDENT, Profile.CareerStage.POSTDOC]
    return list(_confirmed().filter(profile__career_stage__in=stages)[:limit])


def make(organiser: User, *, questions: Iterable[Mapping[str, Any]] = (), **data: Any) -> Event:
    """An event that `organiser` creates and publishes, as they would on its pages."""
    event = event_create(actor=organiser, data=data, questions=questions)
    return event_publish(event=event, actor=organiser)


def answers_for(event: Event, rng: random.Random) -> dict[str, str]:
    """An answer to each of the event's questions, as a person might give it."""
    answers: dict[str, str] = {}
    for question in event.questions.all():
        if question.kind == Question.Kind.CHOICE:
            # Most people pick the first answer ("No restrictions"), as in life.
            options = question.options
            answers[str(question.pk)] = options[0] if rng.random() < 0.6 else rng.choice(options)
        elif question.kind == Question.Kind.YES_NO:
            answers[str(question.pk)] = "yes" if question.required or rng.random() < 0.3 else "no"
        else:
            answers[str(question.pk)] = rng.choice(MOTIVATIONS)
    return answers
