"""One-off meetings and changes to any meeting: schedule, move, update, cancel, held."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.workinggroups.meeting_helpers import VIDEO, as_read_by, make_world, notices_of
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups.models import Meeting, WorkingGroup
from workinggroups.services.meetings import (
    meeting_cancel,
    meeting_change,
    meeting_mark_held,
    meeting_reschedule,
    meeting_schedule,
    meeting_update,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 20, 12, tzinfo=UTC)
SCHEDULED = "workinggroups.meeting_scheduled"
MOVED = "workinggroups.meeting_moved"
CANCELLED = "workinggroups.meeting_cancelled"


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield make_world()


def _schedule(world, **overrides):
    values = {
        "group": world.group,
        "actor": world.lead,
        "title": "Kick-off",
        "day": date(2026, 2, 10),
        "at": time(9, 30),
        "time_zone": "Europe/Berlin",
        "video_link": VIDEO,
        "agenda": "# Welcome",
    } | overrides
    return meeting_schedule(**values)


def test_a_lead_schedules_a_meeting_in_its_own_zone_and_the_members_are_told(world):
    meeting = _schedule(world)

    assert meeting.start == datetime(2026, 2, 10, 8, 30, tzinfo=UTC)  # 09:30 CET
    assert (meeting.status, meeting.sequence, meeting.series) == ("scheduled", 0, None)
    everyone = [world.berlin, world.tokyo, world.nowhere, world.lead, world.outsider]
    told = {person for person in everyone if notices_of(person, SCHEDULED)}
    assert told == {world.berlin, world.tokyo, world.nowhere}  # not the lead who did it
    assert [entry.verb for entry in audit_of(meeting)] == ["meeting.scheduled"]


def test_a_member_who_is_not_a_lead_may_not_schedule(world):
    with pytest.raises(PermissionDenied):
        _schedule(world, actor=world.berlin)
    with pytest.raises(PermissionDenied):
        _schedule(world, actor=world.outsider)


def test_a_closed_group_schedules_nothing(world):
    WorkingGroup.objects.filter(pk=world.group.pk).update(status=WorkingGroup.Status.CLOSED)
    world.group.refresh_from_db()
    with pytest.raises(ApplicationError):
        _schedule(world)


def test_a_time_in_the_past_or_an_unknown_zone_is_refused_beside_its_field(world):
    with pytest.raises(ApplicationError) as refused:
        _schedule(world, day=date(2026, 1, 19))
    assert "day" in refused.value.errors
    with pytest.raises(ApplicationError) as refused:
        _schedule(world, time_zone="Mars/Olympus")
    assert "time_zone" in refused.value.errors


def test_a_time_in_the_spring_gap_is_stored_with_the_offset_before_it(world):
    meeting = _schedule(world, day=date(2026, 3, 29), at=time(2, 30))
    assert meeting.start == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # shown as 03:30 CEST


def test_moving_a_meeting_raises_its_sequence_and_tells_old_and_new_time_in_each_zone(world):
    meeting = _schedule(world)
    with time_machine.travel(NOW, tick=False):
        moved = meeting_reschedule(
            meeting=meeting, actor=world.lead, day=date(2026, 2, 11), at=time(15)
        )

    assert moved.start == datetime(2026, 2, 11, 14, tzinfo=UTC)
    assert (moved.sequence, moved.uid) == (1, meeting.uid)
    title, body = as_read_by(notices_of(world.tokyo, MOVED)[0])
    # Tokyo reads both times in its own zone beside the organiser's.
    assert "10 Feb 2026, 09:30 CET" in body
    assert "your time 17:30" in body
    assert "11 Feb 2026, 15:00 CET" in body
    assert "your time 23:00" in body
    assert "11 Feb 2026, 15:00 CET" in title


def test_moving_to_the_same_time_changes_nothing(world):
    meeting = _schedule(world)
    same = meeting_reschedule(
        meeting=meeting, actor=world.lead, day=date(2026, 2, 10), at=time(9, 30)
    )
    assert same.sequence == 0
    assert notices_of(world.berlin, MOVED) == []


def test_moving_a_meeting_that_was_reminded_rearms_its_reminder(world):
    meeting = _schedule(world)
    Meeting.objects.filter(pk=meeting.pk).update(reminded_for=meeting.start)
    moved = meeting_reschedule(meeting=meeting, actor=world.lead, day=date(2026, 2, 12), at=time(9))
    moved.refresh_from_db()
    assert moved.reminded_for == meeting.start != moved.start


def test_updating_raises_the_sequence_only_when_something_changed(world):
    meeting = _schedule(world)
    values = {"title": "Kick-off", "agenda": "# Welcome", "location": "", "video_link": VIDEO}
    assert meeting_update(meeting=meeting, actor=world.lead, **values).sequence == 0
    changed = meeting_update(meeting=meeting, actor=world.lead, **values | {"location": "Lab 3"})
    assert (changed.sequence, changed.location) == (1, "Lab 3")
    entry = audit_of(meeting).last()
    assert entry.verb == "meeting.updated"
    assert entry.context["changed"] == ["location"]
    assert VIDEO not in str(entry.before) + str(entry.after)


def test_the_edit_form_moves_and_updates_in_one_save(world):
    meeting = _schedule(world)
    changed = meeting_change(
        meeting=meeting,
        actor=world.lead,
        title="Kick-off (moved)",
        agenda="# Welcome",
        location="",
        video_link=VIDEO,
        day=date(2026, 2, 10),
        at=time(10),
        time_zone="Europe/Berlin",
        duration_minutes=90,
    )
    assert (changed.title, changed.duration_minutes, changed.sequence) == (
        "Kick-off (moved)",
        90,
        2,
    )


def test_cancelling_keeps_the_date_and_uid_raises_the_sequence_and_tells_members(world):
    meeting = _schedule(world)
    cancelled = meeting_cancel(meeting=meeting, actor=world.lead)
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.start, cancelled.uid, cancelled.sequence) == (
        "cancelled",
        meeting.start,
        meeting.uid,
        1,
    )
    assert len(notices_of(world.berlin, CANCELLED)) == 1
    with pytest.raises(ApplicationError, match="cancelled"):
        meeting_cancel(meeting=meeting, actor=world.lead)


def test_a_meeting_in_progress_or_over_cannot_be_cancelled(world):
    meeting = _schedule(world)
    with (
        time_machine.travel(meeting.start + timedelta(minutes=10), tick=False),
        pytest.raises(ApplicationError, match="in progress"),
    ):
        meeting_cancel(meeting=meeting, actor=world.lead)
    with time_machine.travel(meeting.start + timedelta(hours=2), tick=False):
        with pytest.raises(ApplicationError, match="over"):
            meeting_cancel(meeting=meeting, actor=world.lead)
        with pytest.raises(ApplicationError):
            meeting_reschedule(meeting=meeting, actor=world.lead, day=date(2026, 3, 1), at=time(9))
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("scheduled", 0)


def test_a_meeting_is_marked_held_once_it_has_started(world):
    meeting = _schedule(world)
    with pytest.raises(ApplicationError):
        meeting_mark_held(meeting=meeting, actor=world.lead)
    with time_machine.travel(meeting.start + timedelta(minutes=5), tick=False):
        assert meeting_mark_held(meeting=meeting, actor=world.lead).status == "held"
        assert meeting_mark_held(meeting=meeting, actor=world.lead).status == "held"
    assert [entry.verb for entry in audit_of(meeting)][-1] == "meeting.held"


def test_no_notice_carries_the_video_link(world):
    meeting = _schedule(world)
    meeting_reschedule(meeting=meeting, actor=world.lead, day=date(2026, 2, 12), at=time(9))
    meeting_cancel(meeting=meeting, actor=world.lead)
    notices = notices_of(world.berlin, SCHEDULED) + notices_of(world.berlin, MOVED)
    notices += notices_of(world.berlin, CANCELLED)
    assert len(notices) == 3
    for notice in notices:
        title, body = as_read_by(notice)
        assert VIDEO not in title + body + notice.title + notice.body + str(notice.context)
