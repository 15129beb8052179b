"""Minutes and attendance of a meeting.

Minutes move draft -> published -> approved (Minutes.TRANSITIONS) and are written by the
group's leads (workinggroups/permissions.py). Every save of changed text adds a revision,
numbered from 1; a save names the revision it was made from, and one made from any other
than the newest is refused (StaleRevision), never a silent overwrite. The Minutes row is
locked for the check and the write, so two saves from the same revision cannot both pass.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from notifications.services import notify
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError
from workinggroups import audit
from workinggroups.models import Attendance, Meeting, Membership, Minutes, MinutesRevision
from workinggroups.notices import MINUTES_PUBLISHED
from workinggroups.permissions import can_write_minutes
from workinggroups.services.record_common import require, validated

__all__ = [
    "MinutesLocked",
    "StaleRevision",
    "attendance_record",
    "minutes_approve",
    "minutes_publish",
    "minutes_save",
]


class StaleRevision(ApplicationError):
    """The minutes were saved by someone else since the writer opened them (409 in the API).

    Carries the newest revision's number and text, so that the page can show them beside
    what the writer typed and nothing is lost."""

    def __init__(self, minutes: Minutes, base_revision: int | None) -> None:
        super().__init__(
            _(
                "Someone else saved these minutes (revision %(newest)s) after you opened "
                "revision %(base)s. Your text was not saved: compare it with theirs below, "
                "merge the two and save again."
            )
            % {"newest": minutes.revision, "base": base_revision},
            errors={"base_revision": [_("Not the newest revision.")]},
        )
        self.revision = minutes.revision
        self.text = minutes.text


class MinutesLocked(ApplicationError):
    """Approved minutes are final."""


def _normalised(text: str) -> str:
    # Browsers send CRLF; the same minutes typed twice must compare equal. A NUL byte means
    # nothing in Markdown, and PostgreSQL cannot store it in text.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").rstrip()


def _check_held(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError(_("This meeting was cancelled: it has no minutes or attendance."))
    if meeting.start > timezone.now():
        raise ApplicationError(
            _("This meeting has not started yet: minutes and attendance come once it has.")
        )


def _locked_minutes(meeting: Meeting) -> Minutes:
    """The meeting's minutes, made on first use, locked until the transaction ends."""
    try:
        with transaction.atomic():
            Minutes.objects.get_or_create(meeting=meeting)
    except IntegrityError:  # made at the same moment by another save: it exists now
        pass
    return Minutes.objects.select_for_update().select_related("meeting").get(meeting=meeting)


def minutes_save(*, actor: User, meeting: Meeting, text: str, base_revision: int) -> Minutes:
    """Save the meeting's minutes as `text`, written from revision `base_revision` (0 for
    minutes not written yet).

    Guarantees: only a lead (or staff with a second factor), only for a meeting that has
    started and was not cancelled; refused (MinutesLocked) once approved; refused
    (StaleRevision) when `base_revision` is not the newest; text equal to the newest adds
    no revision and no audit entry; otherwise the next revision is kept forever
    (MinutesRevision) and the save is audited.
    """
    require(can_write_minutes(actor, meeting.group_id))
    _check_held(meeting)
    text = _normalised(text)
    with transaction.atomic():
        minutes = _locked_minutes(meeting)
        if minutes.status == Minutes.Status.APPROVED:
            raise MinutesLocked(_("These minutes are approved and can no longer be changed."))
        if base_revision != minutes.revision:
            raise StaleRevision(minutes, base_revision)
        if text == minutes.text:
            return minutes
        minutes.text = text
        minutes.revision += 1
        validated(minutes, exclude=["meeting"])
        minutes.save(update_fields=["text", "revision"])
        MinutesRevision.objects.create(
            minutes=minutes, number=minutes.revision, text=text, author=actor
        )
        audit_record(
            actor=actor,
            subject=meeting,
            verb=audit.MINUTES_SAVED,
            before={"revision": base_revision},
            after={"revision": minutes.revision},
        )
    return minutes


def _move(minutes: Minutes, to: str) -> None:
    if to not in Minutes.TRANSITIONS[minutes.status]:
        raise ApplicationError(
            _("Minutes that are %(old)s cannot become %(new)s.")
            % {
                "old": Minutes.Status(minutes.status).label.lower(),
                "new": Minutes.Status(to).label.lower(),
            }
        )
    minutes.status = to


def minutes_publish(*, actor: User, meeting: Meeting) -> Minutes:
    """Publish the meeting's draft minutes to the group's members, who are notified.

    Guarantees: a lead only; draft -> published only, and only minutes with text; the
    members (but the actor) get one notice each, in the same transaction.
    """
    require(can_write_minutes(actor, meeting.group_id))
    with transaction.atomic():
        minutes = _locked_minutes(meeting)
        if minutes.status == Minutes.Status.DRAFT and not minutes.text:
            raise ApplicationError(_("Write the minutes before you publish them."))
        _move(minutes, Minutes.Status.PUBLISHED)
        minutes.published = timezone.now()
        minutes.save(update_fields=["status", "published"])
        audit_record(
            actor=actor,
            subject=meeting,
            verb=audit.MINUTES_PUBLISHED,
            before={"status": Minutes.Status.DRAFT},
            after={"status": minutes.status, "revision": minutes.revision},
        )
        members = User.objects.filter(
            group_memberships__group_id=meeting.group_id,
            group_memberships__status=Membership.Status.ACTIVE,
        ).exclude(pk=actor.pk)
        notify(
            members,
            MINUTES_PUBLISHED,
            context={
                "group": meeting.group.name,
                "meeting": meeting.title,
                "start": meeting.start,
            },
            link=reverse("workinggroups:minutes", args=[meeting.group.slug, meeting.pk]),
            actor=actor,
        )
    return minutes


def minutes_approve(*, actor: User, meeting: Meeting) -> Minutes:
    """A lead approves published minutes: recorded (who, when), and locked from then on."""
    require(can_write_minutes(actor, meeting.group_id))
    with transaction.atomic():
        minutes = _locked_minutes(meeting)
        _move(minutes, Minutes.Status.APPROVED)
        minutes.approved = timezone.now()
        minutes.approved_by = actor
        minutes.save(update_fields=["status", "approved", "approved_by"])
        audit_record(
            actor=actor,
            subject=meeting,
            verb=audit.MINUTES_APPROVED,
            before={"status": Minutes.Status.PUBLISHED},
            after={"status": minutes.status, "revision": minutes.revision},
        )
    return minutes


def attendance_record(*, actor: User, meeting: Meeting, present: Iterable[User]) -> list[int]:
    """Record who was at the meeting: the set given replaces the one recorded before.

    Guarantees: a lead only; only a meeting that has started and was not cancelled; each
    person added is an active member of the group (someone recorded earlier who has left
    the group since may stay); audited with the ids before and after. Returns the ids of
    the people present, sorted.
    """
    require(can_write_minutes(actor, meeting.group_id))
    _check_held(meeting)
    wanted = {person.pk for person in present}
    with transaction.atomic():
        # The meeting's row serialises two leads recording at once.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        recorded = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
        members = set(
            Membership.objects.filter(
                group_id=meeting.group_id,
                user_id__in=wanted - recorded,
                status=Membership.Status.ACTIVE,
            ).values_list("user_id", flat=True)
        )
        if strangers := wanted - recorded - members:
            raise ApplicationError(
                _("Only the group's members can be recorded as present."),
                errors={
                    "present": [_("%(count)s of them are not members.") % {"count": len(strangers)}]
                },
            )
        Attendance.objects.filter(meeting=meeting, user_id__in=recorded - wanted).delete()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, user_id=pk) for pk in wanted - recorded]
        )
        audit_record(
            actor=actor,
            subject=meeting,
            verb=audit.ATTENDANCE_RECORDED,
            before={"present": sorted(recorded)},
            after={"present": sorted(wanted)},
        )
    return sorted(wanted)
