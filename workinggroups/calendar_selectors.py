"""Reads of meetings and series for calendar files and the personal feed
(workinggroups/calendars.py): the groups in a person's calendar, their meetings and series
with their joins, and the feed's one-query version."""

from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from django.db.models import F, Q, QuerySet

from members.models import User
from workinggroups.models import (
    Meeting,
    Membership,
    Series,
    WorkingGroup,
)


def groups_in_calendar_of(user: User) -> QuerySet[Membership]:
    """The groups whose meetings are in the person's own calendar: those they are an active
    member or lead of (a pending request, or a group they left, is not)."""
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)


# The meetings a calendar file holds beside its series' rules: one-off meetings, and the
# occurrences that the rule does not say itself (cancelled: an EXDATE; changed, moved
# without being marked so, or with an agenda of their own, which does not detach them:
# an override).
_NOT_SAID_BY_THE_RULE = (
    Q(series__isnull=True)
    | Q(occurrence__isnull=True)
    | Q(detached=True)
    | Q(status=Meeting.Status.CANCELLED)
    | ~Q(start=F("occurrence"))
    | ~Q(agenda=F("series__agenda"))
)


def calendar_meetings(
    meetings: QuerySet[Meeting], *, all_of_series: Iterable[int] = ()
) -> QuerySet[Meeting]:
    """Of `meetings`, those a calendar file lists one by one, and every meeting of the
    series in `all_of_series` (those one rule cannot say), with their series and group: one
    query."""
    return (
        meetings.filter(_NOT_SAID_BY_THE_RULE | Q(series__in=list(all_of_series)))
        .select_related("series", "group")
        .order_by("start", "id")
    )


def calendar_meetings_of(user: User, *, all_of_series: Iterable[int] = ()) -> QuerySet[Meeting]:
    """The meetings of the person's groups that their calendar lists one by one."""
    return calendar_meetings(
        Meeting.objects.filter(group__in=groups_in_calendar_of(user).values("group_id")),
        all_of_series=all_of_series,
    )


def calendar_series_of(user: User) -> QuerySet[Series]:
    """The series of the person's groups, with their group (one query)."""
    return (
        Series.objects.filter(group__in=groups_in_calendar_of(user).values("group_id"))
        .select_related("group")
        .order_by("id")
    )


def calendar_meeting(group_id: int, pk: int) -> Meeting | None:
    """One meeting of the group, with its series and group, or None."""
    return Meeting.objects.select_related("series", "group").filter(group=group_id, pk=pk).first()


def calendar_series(group_id: int, pk: int) -> Series | None:
    """One series of the group, with its group, or None."""
    return Series.objects.select_related("group").filter(group=group_id, pk=pk).first()


@lru_cache(maxsize=1)
def _calendar_version_sql() -> str:
    quote = connection.ops.quote_name
    membership, group, meeting, series = (
        quote(model._meta.db_table) for model in (Membership, WorkingGroup, Meeting, Series)
    )
    of_the_group = f"FROM {series} s WHERE s.group_id = ms.group_id"
    return (
        "SELECT ms.group_id, g.name, g.slug, "  # noqa: S608 - table names only
        "COUNT(m.id), MAX(m.updated), SUM(m.sequence), "
        f"(SELECT COUNT(*) {of_the_group}), (SELECT MAX(s.id) {of_the_group}), "
        f"(SELECT SUM(s.sequence) {of_the_group}) "
        f"FROM {membership} ms JOIN {group} g ON g.id = ms.group_id "
        f"LEFT JOIN {meeting} m ON m.group_id = ms.group_id "
        "WHERE ms.user_id = %s AND ms.status = %s "
        "GROUP BY ms.group_id, g.name, g.slug ORDER BY ms.group_id"
    )


def calendar_version_of(user: User) -> str:
    """What the person's calendar is made of, in one short query and without reading a
    meeting: per group they are in, its name and address, and its meetings' and series'
    count, newest change (`Meeting.updated`; a series' newest id) and summed SEQUENCE. Any
    change a calendar shows (a meeting added, changed, moved or cancelled, a series changed,
    joining or leaving a group, a group renamed) changes it.

    Written in SQL: this is all that answering an unchanged feed (304) reads, and the ORM
    spent more CPU compiling the query than the database running it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_calendar_version_sql(), [user.pk, Membership.Status.ACTIVE.value])
        return repr(cursor.fetchall())
