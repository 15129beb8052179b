"""Data the meeting tests share: a group whose members live in several zones."""

from dataclasses import dataclass
from datetime import date, time

from django.utils import timezone, translation

from members.models import User
from notifications.kinds import get
from notifications.models import Notification
from notifications.rendering import render_notice
from tests.factories import UserFactory, WorkingGroupFactory
from tpc_portal.timezones import zone_of
from workinggroups.models import Series, WorkingGroup
from workinggroups.services.series import series_create

VIDEO = "https://meet.example.org/tpc-secret-room"


@dataclass
class World:
    group: WorkingGroup
    lead: User
    berlin: User
    tokyo: User
    nowhere: User  # no zone on their profile
    outsider: User  # not in the group


def person_in(zone: str) -> User:
    person = UserFactory()
    person.profile.time_zone = zone
    person.profile.save()
    return person


def make_world() -> World:
    lead = person_in("America/Chicago")
    berlin, tokyo, nowhere = person_in("Europe/Berlin"), person_in("Asia/Tokyo"), person_in("")
    group = WorkingGroupFactory(proposer=lead, members=[berlin, tokyo, nowhere])
    return World(group, lead, berlin, tokyo, nowhere, person_in("Europe/Paris"))


def weekly_chicago(world: World, **overrides) -> Series:
    """Weekly on Tuesday at 16:00 Chicago from 3 Feb 2026 (the issue's DST case)."""
    values = {
        "group": world.group,
        "actor": world.lead,
        "title": "Evaluation sync",
        "rule": "FREQ=WEEKLY;BYDAY=TU",
        "first_day": date(2026, 2, 3),
        "local_time": time(16),
        "time_zone": "America/Chicago",
        "video_link": VIDEO,
        "location": "Room 101",
        "agenda": "1. Status",
    } | overrides
    return series_create(**values)


def notices_of(user: User, key: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=key).order_by("pk"))


def as_read_by(notice: Notification) -> tuple[str, str]:
    """The notice's title and text as its recipient reads it: their language and zone."""
    recipient = notice.recipient
    with translation.override(recipient.language), timezone.override(zone_of(recipient)):
        return render_notice(get(notice.kind), notice.context)
