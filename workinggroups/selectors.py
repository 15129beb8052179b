"""Every non-trivial read of working groups: querysets that carry their joins and start
from what the reader may see.

This module reads groups, their members and leads, and the record of their meetings
(the meetings' own reads are in meeting_selectors.py, the calendars' in
calendar_selectors.py); the group page reads only the public fields of the next meetings.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from members.membership import AnyUser
from members.models import User
from members.selectors import Suggestion, profiles_sharing_expertise
from tpc_portal.second_factor import is_secure_staff
from workinggroups import meeting_selectors
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
    can_manage_group,
    can_read_minutes,
    can_see_member_parts,
    can_write_minutes,
    roles_of,
)

UPCOMING_MEETINGS = 5
INVITE_SUGGESTIONS = 10
GROUP_PAGE_DOCUMENTS = 5

# Groups whose pages everyone may read: chartered ones, running or closed.
PUBLIC_STATUSES = (WorkingGroup.Status.ACTIVE, WorkingGroup.Status.CLOSED)

ACTIVE_MEMBER = Q(status=Membership.Status.ACTIVE)


def _with_people(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Memberships with what naming their people needs (tpc_portal.people.person_name)."""
    return memberships.select_related("user__profile")


def _leads() -> QuerySet[Membership]:
    return _with_people(
        Membership.objects.filter(ACTIVE_MEMBER, role=Membership.Role.LEAD)
    ).order_by("created", "id")


def _listed(groups: QuerySet[WorkingGroup]) -> QuerySet[WorkingGroup]:
    """What a row of a list shows: the member count, the leads (as `lead_memberships`, with
    their profiles) and the areas, in three queries whatever the number of groups."""
    return groups.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    ).prefetch_related(
        Prefetch("memberships", queryset=_leads(), to_attr="lead_memberships"),
        "expertise",
    )


def groups_public() -> QuerySet[WorkingGroup]:
    """Chartered groups (active or closed), with what a list shows: the API's list and, for
    active ones, the groups page."""
    return _listed(WorkingGroup.objects.filter(status__in=PUBLIC_STATUSES)).order_by("name")


def groups_listed_for(viewer: AnyUser) -> QuerySet[WorkingGroup]:
    """The groups page: chartered groups, the viewer's own first (member or lead, then those
    they asked to join), then by name; each with the viewer's `my_role` and `my_status`
    (None where they are not in it)."""
    groups = groups_public()
    if not viewer.is_authenticated:
        return groups
    mine = Membership.objects.filter(group=OuterRef("pk"), user=viewer)
    return groups.annotate(
        my_role=Subquery(mine.values("role")[:1]),
        my_status=Subquery(mine.values("status")[:1]),
    ).order_by(F("my_status").asc(nulls_last=True), "name")


def groups_proposed_by(viewer: AnyUser) -> QuerySet[WorkingGroup]:
    """The viewer's proposals still before the committee."""
    if not viewer.is_authenticated:
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.filter(
        proposer=viewer, status=WorkingGroup.Status.PROPOSED
    ).order_by("name")


def groups_for_api(viewer: AnyUser) -> QuerySet[WorkingGroup]:
    """Chartered groups for the API; the members (`member_list`) are read only for the
    groups the viewer belongs to, in one query for the page."""
    own = [
        group_id
        for group_id, (_role, status) in roles_of(viewer).items()
        if status == Membership.Status.ACTIVE
    ]
    members = _with_people(Membership.objects.filter(ACTIVE_MEMBER, group_id__in=own)).order_by(
        "user__profile__display_name", "user__full_name", "id"
    )
    return groups_public().prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="member_list")
    )


def group_memberships(group: WorkingGroup) -> QuerySet[Membership]:
    """Everyone in the group and everyone asking to join: leads first, then members, by
    name; the people's profiles joined."""
    return _with_people(group.memberships.all()).order_by(
        "role", "user__profile__display_name", "user__full_name", "id"
    )


def join_requests_of(group: WorkingGroup) -> QuerySet[Membership]:
    """Requests to join the group waiting for a lead, oldest first."""
    return _with_people(group.memberships.filter(status=Membership.Status.PENDING)).order_by(
        "created", "id"
    )


def join_requests_waiting_for(user: AnyUser) -> int:
    """How many requests to join wait in the active groups this person leads."""
    if not user.is_authenticated:
        return 0
    led = Membership.objects.filter(ACTIVE_MEMBER, user=user, role=Membership.Role.LEAD).values(
        "group_id"
    )
    return Membership.objects.filter(
        status=Membership.Status.PENDING,
        group_id__in=led,
        group__status=WorkingGroup.Status.ACTIVE,
    ).count()


def meetings_upcoming(group: WorkingGroup, *, limit: int = UPCOMING_MEETINGS) -> list[Meeting]:
    """The group's next scheduled meetings (the meetings' own read, without the cancelled),
    for their public fields only: the group page never shows the place or the video link."""
    upcoming = meeting_selectors.meetings_upcoming(group)
    return list(upcoming.filter(status=Meeting.Status.SCHEDULED)[:limit])


def people_to_invite(
    group: WorkingGroup, *, viewer: AnyUser, limit: int = INVITE_SUGGESTIONS
) -> list[Suggestion]:
    """Confirmed members the viewer may see whose expertise overlaps the group's areas, not
    in the group and not asking to join, most overlap first, each with why (members'
    ranking: members.selectors.profiles_sharing_expertise)."""
    areas = list(group.expertise.all())
    if not areas:
        return []
    inside = Membership.objects.filter(group=group).values("user_id")
    return profiles_sharing_expertise(
        viewer=viewer,
        areas=areas,
        among=~Q(user_id__in=inside),
        confirmed_only=True,
        limit=limit,
    )


@dataclass
class GroupPage:
    """What the group page shows a viewer. `members`, `requests` and `suggestions` are
    None where the viewer may not see them."""

    group: WorkingGroup
    leads: list[Membership]
    member_count: int
    upcoming: list[Meeting]
    # The viewer's place: "lead", "member", "pending" or "" (none).
    viewer_role: str = ""
    members: list[Membership] | None = None
    requests: list[Membership] | None = None
    suggestions: list[Suggestion] | None = field(default=None)
    # The newest documents the viewer may read.
    documents: list[Document] = field(default_factory=list)


def group_page_for(viewer: AnyUser, group: WorkingGroup) -> GroupPage:
    """The group page: its leads and member count for everyone, the next meetings' titles
    and times; the member list for its members (and staff); requests to join and people
    to invite for those who manage it. A number of queries that does not grow with the
    number of members."""
    group = _listed(WorkingGroup.objects.filter(pk=group.pk)).get()
    page = GroupPage(
        group=group,
        # Set by _listed(): the annotation and the prefetch, which the model does not declare.
        leads=getattr(group, "lead_memberships"),  # noqa: B009
        member_count=getattr(group, "member_count"),  # noqa: B009
        upcoming=meetings_upcoming(group),
        documents=list(documents_visible_to(viewer, group)[:GROUP_PAGE_DOCUMENTS]),
    )
    role = roles_of(viewer).get(group.pk)
    if role is not None:
        page.viewer_role = "pending" if role[1] == Membership.Status.PENDING else role[0]
    if can_see_member_parts(viewer, group):
        page.members = list(
            _with_people(group.memberships.filter(ACTIVE_MEMBER)).order_by(
                "role", "user__profile__display_name", "user__full_name", "id"
            )
        )
    if can_manage_group(viewer, group) and group.status == WorkingGroup.Status.ACTIVE:
        page.requests = list(join_requests_of(group))
        page.suggestions = people_to_invite(group, viewer=viewer)
    return page


# --- Minutes, attendance, action items and documents ------------------------------------


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
