"""Meetings: scheduling one, changing, cancelling and holding any meeting (alone or an
occurrence of a series), and the reminder a day before.

Every change a calendar program must see raises the meeting's SEQUENCE by one (its UID
never changes). Times are entered as a day and a wall-clock time in the meeting's own zone
and stored in UTC (recurrence.local_moment: a time in a spring-forward gap takes the offset
before the gap). Notices go to the group's active members except whoever made the change;
they never carry the video link.
"""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from notifications.kinds import Kind
from notifications.services import notify
from tpc_portal.audit import Verb, audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.timezones import zone_named
from workinggroups import audit, meeting_selectors, notices
from workinggroups.models import Meeting, Series, WorkingGroup
from workinggroups.permissions import can_manage_group
from workinggroups.recurrence import local_moment

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

# The reminder goes out on the first run of the beat task at most this long before the start.
REMINDER_LEAD = timedelta(hours=24)

# What calendar programs show of a meeting besides its time: a change raises SEQUENCE.
CALENDAR_FIELDS = ("title", "agenda", "location", "video_link")
# A change to one of these, made to one occurrence alone, detaches it from its series (so a
# later change to the whole series leaves it be). Writing an occurrence's own agenda does not.
DETACHING_FIELDS = ("title", "location", "video_link")


# --- Pieces the series services share -----------------------------------------------------------


def require(allowed: bool) -> None:
    """Services check permission too: a view that forgot to is refused here."""
    if not allowed:
        raise PermissionDenied


def require_lead(actor: User, group: WorkingGroup) -> None:
    """The group's leads (and staff with a second factor) run its meetings, while it is
    active."""
    require(can_manage_group(actor, group))
    if group.status != WorkingGroup.Status.ACTIVE:
        raise ApplicationError(_("Only an active group schedules meetings."))


def zone_checked(name: str, field: str = "time_zone") -> str:
    if zone_named(name) is None:
        raise ApplicationError(
            _("“%(zone)s” is not a time zone; choose one such as Europe/Berlin.") % {"zone": name},
            errors={field: [_("Choose a time zone from the list.")]},
        )
    return name


def future_start(day: date, at: time, zone: str, *, now: datetime, field: str = "day") -> datetime:
    start = local_moment(day, at, zone)
    if start <= now:
        raise ApplicationError(
            _("Choose a time in the future."), errors={field: [_("This time has passed.")]}
        )
    return start


def meeting_link(meeting: Meeting) -> str:
    return reverse("workinggroups:meeting", args=[meeting.group.slug, meeting.pk])


def notice_context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    """What a notice about a meeting says: names and ISO times, never the video link."""
    return {
        "group": meeting.group.name,
        "title": meeting.title,
        "start": meeting.start.isoformat(),
        "time_zone": meeting.time_zone,
        "meeting": meeting.pk,
    } | extra


def tell_members(
    group: WorkingGroup, kind: Kind, *, context: dict[str, Any], link: str, actor: User | None
) -> None:
    """Notify the group's active members, except the actor (inside the caller's transaction:
    the notices roll back with it, their e-mails leave after commit)."""
    people = meeting_selectors.group_members_to_tell(group, besides=actor)
    if people:
        notify(people, kind, context=context, link=link, actor=actor)


def record(verb: Verb, *, actor: User | None, subject: Meeting | Series, **data: Any) -> None:
    context = {"time_zone": subject.time_zone} | data.pop("context", {})
    audit_record(actor=actor, subject=subject, verb=verb, context=context, **data)


def locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for the transaction and read afresh."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("group", "series")
        .get(pk=meeting.pk)
    )


def meeting_state(meeting: Meeting) -> dict[str, Any]:
    """What the audit trail keeps of a meeting (the video link only as whether there is one)."""
    return {
        "title": meeting.title,
        "start": meeting.start.isoformat(),
        "duration_minutes": meeting.duration_minutes,
        "time_zone": meeting.time_zone,
        "location": meeting.location,
        "has_video_link": bool(meeting.video_link),
        "status": meeting.status,
    }


def _not_started(meeting: Meeting, now: datetime, *, doing: str) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError(_("This meeting is cancelled."))
    if meeting.status == Meeting.Status.HELD:
        raise ApplicationError(_("This meeting was held."))
    if meeting.start <= now:
        end = meeting.start + timedelta(minutes=meeting.duration_minutes)
        if now < end:
            message = _("This meeting is in progress: it cannot be %(done)s now.")
        else:
            message = _("This meeting is over: it cannot be %(done)s any more.")
        raise ApplicationError(message % {"done": doing})


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
        _not_started(meeting, now, doing=_("moved"))
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
        _not_started(meeting, now, doing=_("cancelled"))
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


# --- Reminders ----------------------------------------------------------------------------------


def _claimable(pk: int, now: datetime) -> QuerySet[Meeting, Mapping[str, object]]:
    """The meeting's row, locked (skipping it if another run holds it), if it still needs
    its reminder."""
    return (
        meeting_selectors.meetings_due_for_reminder(now, REMINDER_LEAD)
        .filter(pk=pk)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by()
        .values("pk")
    )


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each active member of a group, once, of each meeting starting within 24 hours.

    Sent on the first run at or after start - 24h, by any run before the start (a missed
    run is caught up by the next one); a meeting moved after its reminder gets one for its
    new start; a cancelled meeting gets none. Returns how many meetings were reminded.

    Each meeting is claimed and reminded in its own short transaction: one UPDATE sets
    `reminded_for = start` on the row only while it is still due (locked with SELECT ...
    FOR UPDATE SKIP LOCKED, so a concurrent run skips it), the notices are created, and
    the transaction commits. Crash windows:

    - killed before the commit: the claim and the notices roll back together; the next run
      (every five minutes) sends the reminder. Nothing is lost, nothing is doubled;
    - two runs at once: the second skips the row the first holds, and after the first has
      committed the row is no longer due (`reminded_for == start`); nothing is doubled;
    - killed after the commit: the notices exist and their e-mails are pending, which
      notification delivery sends (and its sweep re-queues) at most once each.
    """
    now = now or timezone.now()
    due = list(
        meeting_selectors.meetings_due_for_reminder(now, REMINDER_LEAD).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk__in=_claimable(pk, now)).update(
                reminded_for=F("start")
            )
            if not claimed:
                continue
            meeting = Meeting.objects.select_related("group").get(pk=pk)
            tell_members(
                meeting.group,
                notices.MEETING_REMINDER,
                context=notice_context(meeting),
                link=meeting_link(meeting),
                actor=None,
            )
            sent += 1
    return sent
