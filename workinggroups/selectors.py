"""Every non-trivial read of working groups: querysets that carry their joins and start
from what the reader may see."""


# --- Minutes, attendance, action items and documents ------------------------------------

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from members.membership import AnyUser
from members.models import User
from tpc_portal.second_factor import is_secure_staff
from workinggroups.models import (
    ActionItem,
    Attendance,
    Document,
    Meeting,
    Membership,
    Minutes,
    MinutesRevision,
    WorkingGroup,
)
from workinggroups.permissions import (
    can_read_minutes,
    can_see_member_parts,
    can_write_minutes,
)


def documents_visible_to(viewer: AnyUser, group: WorkingGroup) -> QuerySet[Document]:
    """The group's documents the viewer may read, newest first: the public ones for
    everyone, the members-only ones too for its members (and staff)."""
    documents = Document.objects.filter(group=group).select_related("added_by__profile")
    if not can_see_member_parts(viewer, group):
        documents = documents.filter(visibility=Document.Visibility.PUBLIC)
    return documents.order_by("-created", "-id")


def action_items_of(owner: AnyUser) -> QuerySet[ActionItem]:
    """The person's own action items across their groups: open ones first, by due day."""
    if not owner.is_authenticated:
        return ActionItem.objects.none()
    items = ActionItem.objects.filter(owner_id=owner.pk).select_related("group", "meeting")
    return items.order_by("-status", "due", "id")  # "open" sorts after "done": reversed


def _items(group: WorkingGroup) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(group=group).select_related("owner__profile", "meeting")


def meeting_is_past(meeting: Meeting) -> bool:
    return meeting.start + timedelta(minutes=meeting.duration_minutes) <= timezone.now()


def action_items_for_meeting(meeting: Meeting) -> QuerySet[ActionItem]:
    """What the meeting's page lists: before it ends, the group's open items (they are on
    its agenda); afterwards, the items it gave, open or done."""
    if meeting_is_past(meeting):
        return _items(meeting.group).filter(meeting=meeting).order_by("due", "id")
    return _items(meeting.group).filter(status=ActionItem.Status.OPEN).order_by("due", "id")


@dataclass(frozen=True)
class MeetingRecord:
    """Everything the meeting's agenda-and-record page shows, read for one viewer."""

    meeting: Meeting
    minutes: Minutes | None  # None when there are none, or the viewer may not read them
    minutes_exist: bool
    action_items: list[ActionItem]
    present: list[User]
    members: list[User]  # who may be marked present (leads only; empty for others)
    is_past: bool
    is_started: bool


def _people(users: QuerySet[User]) -> list[User]:
    return list(users.select_related("profile").order_by("profile__display_name", "full_name"))


def meeting_record(viewer: AnyUser, meeting: Meeting) -> MeetingRecord:
    """The meeting's record as `viewer` may read it (a member of the group, checked by the
    caller): the minutes per their status, the action items, who was present."""
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by__profile").first()
    if minutes is not None:
        minutes.meeting = meeting
    readable = minutes if minutes is not None and can_read_minutes(viewer, minutes) else None
    present = _people(User.objects.filter(pk__in=attendance_of(meeting)))
    members: list[User] = []
    if can_write_minutes(viewer, meeting.group_id):
        members = _people(
            User.objects.filter(
                Q(
                    group_memberships__group_id=meeting.group_id,
                    group_memberships__status=Membership.Status.ACTIVE,
                )
                | Q(pk__in=attendance_of(meeting))
            ).distinct()
        )
    return MeetingRecord(
        meeting=meeting,
        minutes=readable,
        minutes_exist=minutes is not None and minutes.revision > 0,
        action_items=list(action_items_for_meeting(meeting)),
        present=present,
        members=members,
        is_past=meeting_is_past(meeting),
        is_started=meeting.start <= timezone.now(),
    )


def attendance_of(meeting: Meeting) -> QuerySet[Attendance, int]:
    """The ids of the people recorded present, as a subquery."""
    return Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)


def minutes_revisions(minutes: Minutes) -> QuerySet[MinutesRevision]:
    """Every revision of the minutes, newest first, with its author's name."""
    return minutes.revisions.select_related("author__profile").order_by("-number")


def minutes_visible_to(viewer: AnyUser) -> QuerySet[Minutes]:
    """Minutes the viewer may read, for the API: published and approved ones of their
    groups (every group's for staff), drafts of the groups they lead and those they wrote
    in. Nothing for visitors."""
    if not viewer.is_authenticated:
        return Minutes.objects.none()
    minutes = Minutes.objects.select_related("meeting__group", "approved_by__profile")
    if viewer.is_staff:
        if not is_secure_staff(viewer):
            minutes = minutes.exclude(status=Minutes.Status.DRAFT)
        return minutes.order_by("-meeting__start", "-id")
    member_of = Membership.objects.filter(user=viewer, status=Membership.Status.ACTIVE)
    wrote = MinutesRevision.objects.filter(minutes=OuterRef("pk"), author=viewer)
    return minutes.filter(
        Q(
            meeting__group__in=member_of.values("group_id"),
            status__in=[Minutes.Status.PUBLISHED, Minutes.Status.APPROVED],
        )
        | Q(meeting__group__in=member_of.filter(role=Membership.Role.LEAD).values("group_id"))
        | (Exists(wrote) & Q(status=Minutes.Status.DRAFT))
    ).order_by("-meeting__start", "-id")
