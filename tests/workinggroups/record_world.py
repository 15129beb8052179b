"""A group with a lead, two members and an outsider, and a meeting that was held
yesterday, for the tests of the record (minutes, attendance, action items, documents).

Import the fixtures in a test module: `from tests.workinggroups.record_world import *`.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import MeetingFactory, UserFactory, WorkingGroupFactory
from workinggroups.models import Meeting, WorkingGroup

__all__ = ["World", "held_meeting", "make_world", "world"]


@dataclass
class World:
    group: WorkingGroup
    lead: object
    member: object
    other_member: object
    outsider: object
    meeting: Meeting  # held yesterday
    upcoming: Meeting  # in a week


def held_meeting(group: WorkingGroup, *, days_ago: int = 1, **fields) -> Meeting:
    start = (timezone.now() - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
    return MeetingFactory(group=group, start=start, **fields)


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    member = UserFactory(full_name="Mira Member")
    other_member = UserFactory(full_name="Otto Other")
    group = WorkingGroupFactory(
        name="Evaluation", slug="evaluation", members=[member, other_member]
    )
    return World(
        group=group,
        lead=group.proposer,
        member=member,
        other_member=other_member,
        outsider=UserFactory(full_name="Olga Outsider"),
        meeting=held_meeting(group, title="Kick-off", agenda="1. **Welcome**"),
        upcoming=MeetingFactory(group=group, title="Second meeting"),
    )


def aware(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)
