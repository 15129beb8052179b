"""Reads of meetings and series: querysets that carry their joins and start from what the
reader may see. (Groups' own reads are in workinggroups/selectors.py.)"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from members.membership import AnyUser
from members.models import User
from workinggroups.models import Meeting, Membership, Series, WorkingGroup
from workinggroups.permissions import roles_of

# A meeting counts as upcoming until it has ended; none lasts longer than this.
LONGEST_MEETING = timedelta(minutes=24 * 60)


def group_member_zones(group: WorkingGroup) -> list[str]:
    """The time zone on each active member's profile ("" where none is chosen), in one
    query: what the fair-time table counts."""
    zones = Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, user__is_active=True
    ).values_list("user__profile__time_zone", flat=True)
    return [zone or "" for zone in zones]


def group_members_to_tell(group: WorkingGroup, *, besides: User | None = None) -> list[User]:
    """The group's active members (leads included), except `besides` (who made the change)."""
    people = User.objects.filter(
        is_active=True,
        group_memberships__group=group,
        group_memberships__status=Membership.Status.ACTIVE,
    )
    if besides is not None:
        people = people.exclude(pk=besides.pk)
    return list(people)


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("group", "series")


def meetings_upcoming(group: WorkingGroup, *, now: datetime | None = None) -> QuerySet[Meeting]:
    """The group's meetings that have not started yet, soonest first (cancelled included:
    they show as cancelled on their date)."""
    now = now or timezone.now()
    return _meetings().filter(group=group, start__gt=now).order_by("start", "id")


def meetings_past(group: WorkingGroup, *, now: datetime | None = None) -> QuerySet[Meeting]:
    """The group's meetings that have started, latest first."""
    now = now or timezone.now()
    return _meetings().filter(group=group, start__lte=now).order_by("-start", "-id")


def meeting_of_group(group: WorkingGroup, pk: int) -> Meeting | None:
    """One meeting of the group, with its series and organiser, or None."""
    return (
        Meeting.objects.select_related("group", "series", "created_by__profile")
        .filter(group=group, pk=pk)
        .first()
    )


def _groups_showing_meetings(user: AnyUser) -> QuerySet[WorkingGroup]:
    """The groups whose meetings the person may see: the chartered ones (public), those
    they belong to or asked to join, those they proposed; staff every one. Each carries
    `my_status`, the person's membership status in it (None: not a member)."""
    public = Q(status__in=[WorkingGroup.Status.ACTIVE, WorkingGroup.Status.CLOSED])
    if not user.is_authenticated:
        return (
            WorkingGroup.objects.order_by()
            .filter(public)
            .annotate(my_status=Value(None, output_field=CharField()))
        )
    # One membership per person and group (a constraint): the subquery has one row at most.
    mine = Membership.objects.filter(group=OuterRef("pk"), user=user).order_by().values("status")
    groups = WorkingGroup.objects.order_by().annotate(my_status=Subquery(mine))
    if user.is_staff:
        return groups
    return groups.filter(public | Q(Exists(mine)) | Q(proposer=user))


def meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    """Every meeting of the groups the person may see (chartered groups are public), with
    group and series joined, in time order."""
    visible = _groups_showing_meetings(user).values("pk")
    return _meetings().filter(group__in=visible).order_by("start", "id")


@dataclass(frozen=True)
class ListedGroup:
    slug: str
    member: bool  # an active member (or lead), or staff: sees the member-only parts


def groups_listing_meetings(user: AnyUser) -> dict[int, ListedGroup]:
    """The groups meetings_visible_to shows meetings of, by id, with their slug and whether
    the person sees the meetings' member-only parts: one query, so that a list of meetings
    filters by group id and joins nothing."""
    rows = _groups_showing_meetings(user).values_list("pk", "slug", F("my_status"))
    return {
        pk: ListedGroup(slug, user.is_staff or status == Membership.Status.ACTIVE)
        for pk, slug, status in rows
    }


def member_group_ids(user: AnyUser) -> set[int]:
    """The groups the person is an active member (or lead) of, from the roles read once per
    request: what decides, row by row, whether a list shows member-only parts."""
    return {
        group_id
        for group_id, (_role, status) in roles_of(user).items()
        if status == Membership.Status.ACTIVE
    }


def meetings_due_for_reminder(now: datetime, lead: timedelta) -> QuerySet[Meeting]:
    """Scheduled meetings of active groups that start within `lead` from now and whose
    reminder was not sent for their current start (ids only: the sender claims each)."""
    return (
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            group__status=WorkingGroup.Status.ACTIVE,
            start__gt=now,
            start__lte=now + lead,
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("start")))
        .order_by("start", "id")
    )


def series_needing_occurrences(horizon: datetime) -> QuerySet[Series]:
    """Series whose occurrences are not yet generated up to `horizon` and that may still
    meet (no last day, or one not yet passed)."""
    return Series.objects.filter(
        Q(generated_until__isnull=True) | Q(generated_until__lt=horizon),
        group__status=WorkingGroup.Status.ACTIVE,
    ).filter(Q(until__isnull=True) | Q(until__gte=(timezone.now() - timedelta(days=1)).date()))
