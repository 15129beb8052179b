"""The reminder a day before each meeting: sent exactly once, on the first run at or after
its moment; a missed run still sends it, a second run never does, a moved meeting gets one
for its new time, a cancelled one none."""

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, transaction

from notifications.models import Notification
from tests.workinggroups.meeting_helpers import VIDEO, as_read_by, make_world, notices_of
from workinggroups.models import Meeting
from workinggroups.services.meetings import (
    meeting_cancel,
    meeting_reminders_send,
    meeting_reschedule,
    meeting_schedule,
)
from workinggroups.tasks import send_meeting_reminders

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 20, 12, tzinfo=UTC)
START = datetime(2026, 1, 25, 15, tzinfo=UTC)  # 16:00 in Berlin
REMINDER = "workinggroups.meeting_reminder"


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield make_world()


@pytest.fixture
def meeting(world):
    return meeting_schedule(
        group=world.group,
        actor=world.lead,
        title="Data curation",
        day=date(2026, 1, 25),
        at=time(16),
        time_zone="Europe/Berlin",
        video_link=VIDEO,
    )


def _reminded():
    return Notification.objects.filter(kind=REMINDER)


def _run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return meeting_reminders_send()


def test_the_reminder_goes_to_every_member_once_on_the_first_run_within_a_day(world, meeting):
    assert _run_at(START - timedelta(hours=24, minutes=5)) == 0
    assert _run_at(START - timedelta(hours=24)) == 1
    recipients = {notice.recipient for notice in _reminded()}
    assert recipients == {world.lead, world.berlin, world.tokyo, world.nowhere}
    assert Meeting.objects.get(pk=meeting.pk).reminded_for == START


def test_a_second_run_sends_nothing_again(world, meeting):
    assert _run_at(START - timedelta(hours=23)) == 1
    assert _run_at(START - timedelta(hours=23)) == 0
    assert _run_at(START - timedelta(hours=1)) == 0
    with time_machine.travel(START - timedelta(hours=22), tick=False):
        send_meeting_reminders.apply()
    assert _reminded().count() == 4


def test_a_missed_run_is_caught_up_by_any_run_before_the_start(world, meeting):
    # The runs of the whole day before were missed; the first one back is ten minutes early.
    assert _run_at(START - timedelta(minutes=10)) == 1
    assert len(notices_of(world.berlin, REMINDER)) == 1


def test_no_reminder_once_the_meeting_has_started(world, meeting):
    assert _run_at(START) == 0
    assert _run_at(START + timedelta(minutes=30)) == 0
    assert not _reminded().exists()


def test_a_moved_meeting_is_reminded_for_its_new_time(world, meeting):
    assert _run_at(START - timedelta(hours=20)) == 1
    with time_machine.travel(START - timedelta(hours=19), tick=False):
        meeting_reschedule(meeting=meeting, actor=world.lead, day=date(2026, 1, 26), at=time(10))
    new_start = datetime(2026, 1, 26, 9, tzinfo=UTC)
    assert _run_at(START - timedelta(hours=18)) == 0  # not yet: a day before the new time
    assert _run_at(new_start - timedelta(hours=23, minutes=55)) == 1
    assert _run_at(new_start - timedelta(hours=23, minutes=50)) == 0
    assert len(notices_of(world.tokyo, REMINDER)) == 2
    assert Meeting.objects.get(pk=meeting.pk).reminded_for == new_start


def test_a_cancelled_meeting_gets_no_reminder(world, meeting):
    meeting_cancel(meeting=meeting, actor=world.lead)
    assert _run_at(START - timedelta(hours=2)) == 0
    assert not _reminded().exists()


def test_the_reminder_reads_in_the_recipients_zone_and_holds_no_video_link(world, meeting):
    _run_at(START - timedelta(hours=12))
    title, body = as_read_by(notices_of(world.tokyo, REMINDER)[0])
    assert "25 Jan 2026, 16:00 CET" in title
    assert "your time 26 Jan 2026, 00:00 JST" in title
    assert VIDEO not in title + body


def test_the_beat_runs_the_reminders_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["workinggroups-meeting-reminders"]
    assert entry["task"] == "workinggroups.tasks.send_meeting_reminders"
    assert entry["schedule"].minute == set(range(0, 60, 5))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_killed_while_holding_a_meeting_loses_nothing_and_doubles_nothing(world, meeting):
    """Another run holds the meeting's row (it is mid-way through the reminder) and then dies:
    this run skips the row instead of waiting or sending it too, and the next run sends it."""
    holding, release = threading.Event(), threading.Event()

    def killed_run() -> None:
        try:
            with transaction.atomic():
                Meeting.objects.select_for_update().get(pk=meeting.pk)
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
    assert _reminded().count() == 4


def test_the_reminder_e_mails_name_the_time_and_never_the_video_link(
    world, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run_at(START - timedelta(hours=12))
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {p.email for p in (world.lead, world.berlin, world.tokyo, world.nowhere)}
    for message in sent.values():
        text = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
        assert VIDEO not in text
    # Each reads the time in their own zone beside the organiser's.
    assert "your time 26 Jan 2026, 00:00 JST" in sent[world.tokyo.email].subject
    assert "your time" not in sent[world.berlin.email].subject
