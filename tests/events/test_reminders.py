"""The periodic work of events (beat): the reminder a day before each event, sent exactly
once to the people holding a place, and the per-institution cap lifted at its release date
(issue 14, items 4 and 7)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, transaction

from events.models import Event, Registration
from events.services.events import event_cancel, event_reminders_send, event_update
from events.services.registration import (
    application_decide,
    registration_cancel,
    registration_create,
)
from events.tasks import release_institution_caps, send_event_reminders
from notifications.models import Notification
from tests.factories import EventFactory, InstitutionFactory, ProfileFactory
from tests.workinggroups.meeting_helpers import as_read_by

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 5, 3, 12, tzinfo=UTC)
START = datetime(2027, 5, 10, 7, tzinfo=UTC)  # 09:00 in Berlin
LINK = "https://meet.example.org/tpc-workshop-secret"
REMINDER = "events.reminder"
Status = Registration.Status


def member():
    return ProfileFactory().user


class World:
    """A hybrid workshop with two places: two people hold them, one waits, one left the
    waitlist."""

    def __init__(self) -> None:
        self.organiser = member()
        self.event = EventFactory(
            organiser=self.organiser,
            capacity=2,
            format=Event.Format.HYBRID,
            online_link=LINK,
            start=START,
            end=START + timedelta(hours=8),
        )
        self.first, self.second, self.waiting, self.gone = (member() for _ in range(4))
        for person in (self.first, self.second, self.waiting, self.gone):
            registration_create(event=self.event, actor=person)
        registration_cancel(event=self.event, actor=self.gone)


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield World()


def _reminded():
    return Notification.objects.filter(kind=REMINDER)


def _run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return event_reminders_send()


def _task_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        send_event_reminders.apply()


# --- Reminders ---------------------------------------------------------------------------------


def test_the_reminder_goes_once_to_the_people_holding_a_place_on_the_first_run_within_a_day(
    world,
):
    assert _run_at(START - timedelta(hours=24, minutes=5)) == 0
    assert _run_at(START - timedelta(hours=24)) == 1

    assert {notice.recipient for notice in _reminded()} == {world.first, world.second}
    assert Event.objects.get(pk=world.event.pk).reminded_for == START


def test_a_second_run_or_the_beat_task_sends_nothing_again(world):
    _task_at(START - timedelta(hours=23))
    assert _reminded().count() == 2

    assert _run_at(START - timedelta(hours=23)) == 0
    _task_at(START - timedelta(hours=22, minutes=55))
    _task_at(START - timedelta(hours=1))

    assert _reminded().count() == 2


def test_a_missed_run_is_caught_up_by_any_run_before_the_start(world):
    assert _run_at(START - timedelta(minutes=10)) == 1
    assert _reminded().filter(recipient=world.first).count() == 1


def test_no_reminder_once_the_event_has_started(world):
    assert _run_at(START) == 0
    assert _run_at(START + timedelta(hours=1)) == 0
    assert not _reminded().exists()


def test_a_moved_event_is_reminded_again_for_its_new_start(world):
    assert _run_at(START - timedelta(hours=20)) == 1
    new_start = START + timedelta(days=1)
    with time_machine.travel(START - timedelta(hours=19), tick=False):
        event_update(
            event=world.event,
            actor=world.organiser,
            data={"start": new_start, "end": new_start + timedelta(hours=8)},
        )

    assert _run_at(START - timedelta(hours=18)) == 0  # not yet: a day before the new start
    assert _run_at(new_start - timedelta(hours=23, minutes=55)) == 1
    assert _run_at(new_start - timedelta(hours=23, minutes=50)) == 0
    assert _reminded().filter(recipient=world.first).count() == 2
    assert Event.objects.get(pk=world.event.pk).reminded_for == new_start


def test_a_cancelled_event_gets_no_reminder(world):
    with time_machine.travel(NOW, tick=False):
        event_cancel(event=world.event, actor=world.organiser)

    assert _run_at(START - timedelta(hours=2)) == 0
    assert not _reminded().exists()


def test_applicants_and_the_waitlist_are_not_reminded_until_they_hold_a_place():
    with time_machine.travel(NOW, tick=False):
        organiser = member()
        school = EventFactory(
            organiser=organiser, mode=Event.Mode.APPLICATIONS, start=START, end=START + timedelta(1)
        )
        accepted, waiting, applied = member(), member(), member()
        for person in (accepted, waiting, applied):
            registration_create(event=school, actor=person)
        for person, to in ((accepted, Status.REGISTERED), (waiting, Status.WAITLISTED)):
            registration = school.registrations.get(user=person)
            application_decide(registration=registration, actor=organiser, to=to)

    assert _run_at(START - timedelta(hours=12)) == 1
    assert [notice.recipient for notice in _reminded()] == [accepted]


def test_the_reminder_names_the_time_and_never_the_online_link(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run_at(START - timedelta(hours=12))

    title, body = as_read_by(_reminded().get(recipient=world.first))
    assert "10 May 2027, 09:00 CEST" in title
    assert LINK not in title + body
    assert {message.to[0] for message in mail.outbox} == {world.first.email, world.second.email}
    for message in mail.outbox:
        text = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
        assert LINK not in text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_killed_while_holding_an_event_loses_nothing_and_doubles_nothing(world):
    """Another run holds the event's row and then dies: this run skips the row instead of
    waiting or sending it too, and the next run sends it."""
    holding, release = threading.Event(), threading.Event()

    def killed_run() -> None:
        try:
            with transaction.atomic():
                Event.objects.select_for_update().get(pk=world.event.pk)
                holding.set()
                release.wait(timeout=10)
                raise RuntimeError("killed")  # the transaction dies with the worker
        except RuntimeError:
            pass
        finally:
            connection.close()

    other = threading.Thread(target=killed_run)
    other.start()
    assert holding.wait(timeout=10)
    assert _run_at(START - timedelta(hours=3)) == 0
    release.set()
    other.join(timeout=10)
    assert _run_at(START - timedelta(hours=2)) == 1
    assert _reminded().count() == 2


# --- The per-institution cap -------------------------------------------------------------------


def test_the_beat_task_lifts_the_cap_at_its_release_date_and_promotes_in_order_once():
    release = NOW + timedelta(days=7)
    with time_machine.travel(NOW, tick=False):
        event = EventFactory(
            capacity=10,
            institution_cap=2,
            cap_until=release,
            start=NOW + timedelta(days=30),
            end=NOW + timedelta(days=31),
        )
        big = InstitutionFactory()
        people = [ProfileFactory(institution=big).user for _ in range(4)]
        for person in people:
            registration_create(event=event, actor=person)
        release_institution_caps.apply()  # not yet: nothing moves
    assert event.registrations.filter(status=Status.WAITLISTED).count() == 2

    with time_machine.travel(release - timedelta(seconds=1), tick=False):
        release_institution_caps.apply()
    assert event.registrations.filter(status=Status.WAITLISTED).count() == 2

    with time_machine.travel(release, tick=False):
        release_institution_caps.apply()
        release_institution_caps.apply()

    event.refresh_from_db()
    assert event.cap_released
    assert (
        list(event.registrations.order_by("arrival").values_list("status", flat=True))
        == [Status.REGISTERED] * 4
    )
    promoted = Notification.objects.filter(kind="events.promoted")
    assert sorted(notice.recipient.pk for notice in promoted) == [p.pk for p in people[2:]]


def test_a_cancelled_events_cap_is_never_released():
    release = NOW + timedelta(days=7)
    with time_machine.travel(NOW, tick=False):
        event = EventFactory(
            institution_cap=1,
            cap_until=release,
            start=NOW + timedelta(days=30),
            end=NOW + timedelta(days=31),
        )
        big = InstitutionFactory()
        for _ in range(2):
            registration_create(event=event, actor=ProfileFactory(institution=big).user)
        event_cancel(event=event, actor=event.organisers.get())

    with time_machine.travel(release + timedelta(hours=1), tick=False):
        release_institution_caps.apply()

    assert event.registrations.filter(status=Status.WAITLISTED).count() == 1
    assert not Notification.objects.filter(kind="events.promoted").exists()


# --- The schedule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "task"),
    [
        ("events-reminders", "events.tasks.send_event_reminders"),
        ("events-release-institution-caps", "events.tasks.release_institution_caps"),
    ],
)
def test_beat_runs_the_events_work_every_five_minutes(entry, task):
    scheduled = settings.CELERY_BEAT_SCHEDULE[entry]

    assert scheduled["task"] == task
    assert scheduled["schedule"].minute == set(range(0, 60, 5))
