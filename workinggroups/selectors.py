"""Every non-trivial read of working groups: querysets that carry their joins and start
from what the reader may see.

This module reads groups, their members and leads (the meetings' own reads live beside
their part); the group page reads only the public fields of the next meetings.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from members.membership import AnyUser
from members.selectors import Suggestion, profiles_sharing_expertise
from workinggroups.models import Meeting, Membership, WorkingGroup
from workinggroups.permissions import can_manage_group, can_see_member_parts, roles_of

UPCOMING_MEETINGS = 5
INVITE_SUGGESTIONS = 10

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
    """The group's next scheduled meetings, with their public fields only (title, start,
    length, the organiser's zone): never the place or the video link."""
    return list(
        Meeting.objects.filter(
            group=group, status=Meeting.Status.SCHEDULED, start__gte=timezone.now()
        )
        .only("id", "group_id", "title", "start", "duration_minutes", "time_zone")
        .order_by("start", "id")[:limit]
    )


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
