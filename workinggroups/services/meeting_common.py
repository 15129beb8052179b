"""What every meeting and series service shares: the permission checks, a time checked in
its zone, the meeting's link and notice context, telling the members, the audit record, the
one way a meeting is locked, and its state as the audit trail keeps it."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import User
from notifications.kinds import Kind
from notifications.services import notify
from tpc_portal.audit import Verb, audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.timezones import zone_named
from workinggroups import meeting_selectors
from workinggroups.models import Meeting, Series, WorkingGroup
from workinggroups.permissions import can_manage_group
from workinggroups.recurrence import local_moment

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


def not_started(meeting: Meeting, now: datetime, *, doing: str) -> None:
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
