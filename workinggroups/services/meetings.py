"""Meetings: scheduling one, changing, cancelling and holding any meeting (alone or an
occurrence of a series), and the reminder a day before (meeting_reminders.py).
What they share with the series services is in meeting_common.py.

Every change a calendar program must see raises the meeting's SEQUENCE by one (its UID
never changes). Times are entered as a day and a wall-clock time in the meeting's own zone
and stored in UTC (recurrence.local_moment: a time in a spring-forward gap takes the offset
before the gap). Notices go to the group's active members except whoever made the change;
they never carry the video link.
"""

from datetime import date, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from tpc_portal.errors import ApplicationError
from workinggroups import audit, notices
from workinggroups.models import Meeting, WorkingGroup
from workinggroups.permissions import can_manage_group
from workinggroups.recurrence import local_moment
from workinggroups.services.meeting_common import (
    DETACHING_FIELDS,
    future_start,
    locked,
    meeting_link,
    meeting_state,
    not_started,
    notice_context,
    record,
    require,
    require_lead,
    tell_members,
    zone_checked,
)
from workinggroups.services.meeting_reminders import REMINDER_LEAD, meeting_reminders_send

__all__ = [
    "REMINDER_LEAD",
    "meeting_cancel",
    "meeting_change",
    "meeting_mark_held",
    "meeting_reminders_send",
    "meeting_reschedule",
    "meeting_schedule",
    "meeting_update",
]


# --- One-off meetings ---------------------------------------------------------------------------


def meeting_schedule(
    *,
    group: WorkingGroup,
    actor: User,
    title: str,
    day: date,
    at: time,
    time_zone: str,
    duration_minutes: int = 60,
    location: str = "",
    video_link: str = "",
    agenda: str = "",
) -> Meeting:
    """A lead schedules a one-off meeting, its time entered in its own zone.

    Guarantees: the group is active and the actor runs it; the start is in the future; the
    meeting is valid (full_clean); an audit entry; one notice to each other active member.
    """
    require_lead(actor, group)
    zone_checked(time_zone)
    now = timezone.now()
    start = future_start(day, at, time_zone, now=now)
    with transaction.atomic():
        meeting = Meeting(
            group=group,
            title=title,
            start=start,
            duration_minutes=duration_minutes,
            time_zone=time_zone,
            location=location,
            video_link=video_link,
            agenda=agenda,
            created_by=actor,
            created=now,
            updated=now,
        )
        validated(meeting)
        meeting.save()
        record(audit.MEETING_SCHEDULED, actor=actor, subject=meeting, after=meeting_state(meeting))
        tell_members(
            group,
            notices.MEETING_SCHEDULED,
            context=notice_context(meeting),
            link=meeting_link(meeting),
            actor=actor,
        )
    return meeting


# --- Changes to any meeting ---------------------------------------------------------------------


def meeting_reschedule(
    *,
    meeting: Meeting,
    actor: User,
    day: date,
    at: time,
    time_zone: str | None = None,
    duration_minutes: int | None = None,
) -> Meeting:
    """Move a meeting that has not started to another future time (and zone or length).

    Guarantees: SEQUENCE + 1 when anything changed (nothing is saved otherwise); an
    occurrence of a series becomes detached (a later change to the whole series leaves it
    be) and keeps its RECURRENCE-ID (`occurrence`); the reminder is re-armed, because
    `reminded_for` no longer equals the start; the members are told the old and the new
    time when the start moved. The row is locked, so two moves at once apply one after
    the other.
    """
    require_lead(actor, meeting.group)
    zone = zone_checked(time_zone or meeting.time_zone)
    now = timezone.now()
    with transaction.atomic():
        meeting = locked(meeting)
        start = local_moment(day, at, zone)
        duration = duration_minutes or meeting.duration_minutes
        if (start, zone, duration) == (meeting.start, meeting.time_zone, meeting.duration_minutes):
            return meeting
        not_started(meeting, now, doing=_("moved"))
        if start <= now:
            raise ApplicationError(
                _("Choose a time in the future."), errors={"day": [_("This time has passed.")]}
            )
        before = meeting_state(meeting)
        old_start = meeting.start
        meeting.start, meeting.time_zone, meeting.duration_minutes = start, zone, duration
        meeting.sequence += 1
        meeting.detached = meeting.series_id is not None
        meeting.updated = now
        validated(meeting)
        meeting.save()
        record(
            audit.MEETING_RESCHEDULED,
            actor=actor,
            subject=meeting,
            before=before,
            after=meeting_state(meeting),
        )
        if start != old_start:
            tell_members(
                meeting.group,
                notices.MEETING_MOVED,
                context=notice_context(meeting, old_start=old_start.isoformat()),
                link=meeting_link(meeting),
                actor=actor,
            )
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    agenda: str,
    location: str,
    video_link: str,
) -> Meeting:
    """Change what a meeting is about and where it is held (not its time: reschedule).

    Guarantees: nothing is saved when nothing changed; otherwise SEQUENCE + 1 (each of these
    fields may be in a calendar program's copy) and an audit entry naming the fields; an
    occurrence whose title, location or link changed on its own becomes detached (its own
    agenda does not detach it). A cancelled meeting is not changed.
    """
    require_lead(actor, meeting.group)
    values = {"title": title, "agenda": agenda, "location": location, "video_link": video_link}
    with transaction.atomic():
        meeting = locked(meeting)
        if meeting.status == Meeting.Status.CANCELLED:
            raise ApplicationError(_("This meeting is cancelled."))
        changed = [name for name, value in values.items() if getattr(meeting, name) != value]
        if not changed:
            return meeting
        before = meeting_state(meeting)
        for name in changed:
            setattr(meeting, name, values[name])
        meeting.sequence += 1
        if meeting.series_id is not None and set(changed) & set(DETACHING_FIELDS):
            meeting.detached = True
        meeting.updated = timezone.now()
        validated(meeting)
        meeting.save()
        record(
            audit.MEETING_UPDATED,
            actor=actor,
            subject=meeting,
            before=before,
            after=meeting_state(meeting),
            context={"changed": changed},
        )
    return meeting


def meeting_change(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    agenda: str,
    location: str,
    video_link: str,
    day: date,
    at: time,
    time_zone: str,
    duration_minutes: int,
) -> Meeting:
    """The edit form's one save: move the meeting if its time changed and update what
    changed besides, in one transaction (either both or neither)."""
    with transaction.atomic():
        meeting = meeting_reschedule(
            meeting=meeting,
            actor=actor,
            day=day,
            at=at,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
        )
        return meeting_update(
            meeting=meeting,
            actor=actor,
            title=title,
            agenda=agenda,
            location=location,
            video_link=video_link,
        )


def meeting_cancel(*, meeting: Meeting, actor: User) -> Meeting:
    """Cancel a meeting that has not started.

    Refused, with the reason, for a meeting in progress, over, already cancelled or held.
    Guarantees: the meeting stays on its date with status cancelled (an occurrence keeps its
    place in its series: calendar files list it as cancelled); SEQUENCE + 1; no reminder
    is sent for it; an audit entry; the members are told.
    """
    require_lead(actor, meeting.group)
    now = timezone.now()
    with transaction.atomic():
        meeting = locked(meeting)
        not_started(meeting, now, doing=_("cancelled"))
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.updated = now
        meeting.save(update_fields=["status", "sequence", "updated"])
        record(
            audit.MEETING_CANCELLED,
            actor=actor,
            subject=meeting,
            before={"status": Meeting.Status.SCHEDULED},
            after={"status": meeting.status, "start": meeting.start.isoformat()},
        )
        tell_members(
            meeting.group,
            notices.MEETING_CANCELLED,
            context=notice_context(meeting),
            link=meeting_link(meeting),
            actor=actor,
        )
    return meeting


def meeting_mark_held(*, meeting: Meeting, actor: User) -> Meeting:
    """Record that a scheduled meeting took place (once it has started). Idempotent for a
    meeting already held; refused for a cancelled one."""
    require(can_manage_group(actor, meeting.group))
    now = timezone.now()
    with transaction.atomic():
        meeting = locked(meeting)
        if meeting.status == Meeting.Status.HELD:
            return meeting
        if meeting.status == Meeting.Status.CANCELLED:
            raise ApplicationError(_("This meeting was cancelled."))
        if meeting.start > now:
            raise ApplicationError(_("A meeting is held once it has started."))
        meeting.status = Meeting.Status.HELD
        meeting.updated = now
        meeting.save(update_fields=["status", "updated"])
        record(
            audit.MEETING_HELD,
            actor=actor,
            subject=meeting,
            before={"status": Meeting.Status.SCHEDULED},
            after={"status": meeting.status},
        )
    return meeting
