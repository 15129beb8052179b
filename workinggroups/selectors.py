"""Every non-trivial read of working groups: querysets that carry their joins and start
from what the reader may see."""

from collections.abc import Iterable

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum

from members.models import User
from workinggroups.models import Meeting, Membership, Series

# --- Calendars (workinggroups/calendars.py) --------------------------------------------------


def groups_in_calendar_of(user: User) -> QuerySet[Membership]:
    """The groups whose meetings are in the person's own calendar: those they are an active
    member or lead of (a pending request, or a group they left, is not)."""
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)


# The meetings a calendar file holds beside its series' rules: one-off meetings, and the
# occurrences that the rule does not say itself (cancelled: an EXDATE; changed, or moved
# without being marked so: an override).
_NOT_SAID_BY_THE_RULE = (
    Q(series__isnull=True)
    | Q(occurrence__isnull=True)
    | Q(detached=True)
    | Q(status=Meeting.Status.CANCELLED)
    | ~Q(start=F("occurrence"))
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


def calendar_version_of(user: User) -> str:
    """What the person's calendar is made of, in one short query and without reading a
    meeting: per group they are in, its name and address, and its meetings' and series'
    count, newest change and summed SEQUENCE. Any change a calendar shows (a meeting added,
    changed, moved or cancelled, a series changed, joining or leaving a group) changes it."""

    def aggregate(model: type[Meeting] | type[Series], expression: Count | Max | Sum) -> Subquery:
        rows = model.objects.filter(group=OuterRef("group_id")).order_by().values("group")
        return Subquery(rows.annotate(value=expression).values("value"))

    rows = (
        groups_in_calendar_of(user)
        .order_by("group_id")
        .values_list(
            "group_id",
            "group__name",
            "group__slug",
            aggregate(Meeting, Count("pk")),
            aggregate(Meeting, Max("updated")),
            aggregate(Meeting, Sum("sequence")),
            aggregate(Series, Count("pk")),
            aggregate(Series, Max("pk")),
            aggregate(Series, Sum("sequence")),
        )
    )
    return repr(list(rows))
