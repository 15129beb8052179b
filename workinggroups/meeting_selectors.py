"""Reads of meetings and series: querysets that carry their joins and start from what the
reader may see. (Groups' own reads are in workinggroups/selectors.py.)"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from members.membership import AnyUser
from members.models import User
from tpc_portal.sql import Columns
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


@lru_cache(maxsize=1)
def _listing_sql() -> str:
    quote = connection.ops.quote_name
    groups, memberships = quote(WorkingGroup._meta.db_table), quote(Membership._meta.db_table)
    return (
        f"SELECT g.id, g.slug, m.status FROM {groups} g "  # noqa: S608 - table names only
        f"LEFT JOIN {memberships} m ON m.group_id = g.id AND m.user_id = %s "
        "WHERE %s OR g.status IN (%s, %s) OR m.id IS NOT NULL OR g.proposer_id = %s"
    )


@dataclass(frozen=True)
class ListedGroup:
    slug: str
    member: bool  # an active member (or lead), or staff: sees the member-only parts


def groups_listing_meetings(user: AnyUser) -> dict[int, ListedGroup]:
    """The groups whose meetings the person may see, by id, with their slug and whether the
    person sees the meetings' member-only parts (place, video link).

    The rule: the chartered groups (active or closed) are public; a person also sees those
    they belong to or asked to join and those they proposed; staff see every group. One
    query, in SQL: every meetings request starts here, and through the ORM it took three
    times as long as PostgreSQL did.
    """
    person = user.pk if user.is_authenticated else None
    with connection.cursor() as cursor:
        cursor.execute(
            _listing_sql(),
            [
                person,
                user.is_staff,
                WorkingGroup.Status.ACTIVE,
                WorkingGroup.Status.CLOSED,
                person,
            ],
        )
        rows = cursor.fetchall()
    return {
        pk: ListedGroup(slug, user.is_staff or status == Membership.Status.ACTIVE)
        for pk, slug, status in rows
    }


def meetings_of_groups(group_ids: Iterable[int]) -> QuerySet[Meeting]:
    """The meetings of these groups in time order, nothing joined."""
    return Meeting.objects.filter(group_id__in=list(group_ids)).order_by("start", "id")


# The columns of the API's meeting rows (meeting_api.meeting_row), by field name.
MEETING_ROW = (
    "id",
    "group_id",
    "title",
    "start",
    "duration_minutes",
    "time_zone",
    "status",
    "series_id",
    "uid",
    "sequence",
    "agenda",
    "location",
    "video_link",
)


@lru_cache(maxsize=1)
def _meeting_row() -> Columns:
    return Columns(Meeting, MEETING_ROW)


class MeetingRows:
    """The meetings of these groups in time order, optionally starting in [start_from,
    start_before), as rows (dicts keyed by MEETING_ROW) for a paginator: it counts them and
    reads a slice, each in one SQL statement.

    In SQL because the API's list is polled: through the ORM, building the count and the
    page took about twice as long as PostgreSQL took to answer them (the query is what
    meetings_of_groups(...).filter(start__gte=..., start__lt=...) asks; a test holds the
    two to the same rows).
    """

    ordered = True  # for the paginator: by start, then id

    def __init__(
        self,
        group_ids: Iterable[int],
        *,
        start_from: datetime | None = None,
        start_before: datetime | None = None,
    ) -> None:
        ids = list(group_ids)
        columns = _meeting_row()
        conditions = [f"{columns.column('group_id')} IN ({', '.join(['%s'] * len(ids))})"]
        self.params: list[Any] = [*ids]
        for moment, operator in ((start_from, ">="), (start_before, "<")):
            if moment is not None:
                conditions.append(f"{columns.column('start')} {operator} %s")
                self.params.append(connection.ops.adapt_datetimefield_value(moment))
        self.empty = not ids
        self.where = " AND ".join(conditions)

    def count(self) -> int:
        if self.empty:
            return 0
        table = connection.ops.quote_name(Meeting._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {self.where}", self.params)  # noqa: S608 - columns and placeholders only
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        start, stop = index.start or 0, index.stop
        if self.empty or stop is None or stop <= start:
            return []
        columns = _meeting_row()
        table = connection.ops.quote_name(Meeting._meta.db_table)
        sql = (
            f"SELECT {columns.select('m')} FROM {table} m WHERE {self.where} "  # noqa: S608 - columns and placeholders only
            f"ORDER BY m.{columns.column('start')}, m.{columns.column('id')} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, stop - start, start])
            rows = cursor.fetchall()
        return [dict(zip(MEETING_ROW, columns.converted(row), strict=True)) for row in rows]


def meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    """Every meeting of the groups the person may see (groups_listing_meetings), with
    group and series joined, in time order."""
    return meetings_of_groups(groups_listing_meetings(user)).select_related("group", "series")


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
