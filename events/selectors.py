"""Reads of events: lists with their counts, a person's registrations, waitlist positions.

Every list here costs the same number of queries for 5 rows and for 500: counts are
annotated, not asked per row.
"""

from datetime import datetime
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from events.models import Event, Registration
from events.permissions import organised_by
from members.membership import AnyUser, is_confirmed_member
from members.models import User

Status = Registration.Status


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None for anyone not on the waitlist."""
    if registration.status != Status.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Status.WAITLISTED,
            arrival__lt=registration.arrival,
        ).count()
        + 1
    )


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with `registered_count` and `waitlist_count`."""
    return events.annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waitlist_count=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
    )


def visible_events(user: AnyUser) -> QuerySet[Event]:
    """The events the person may see (events/permissions.py says who sees what)."""
    shown = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
    if not is_confirmed_member(user):
        shown &= Q(audience=Event.Audience.PUBLIC)
    if user.is_authenticated:
        shown |= Q(pk__in=organised_by(user))
        if user.is_staff:
            shown = Q()
    return Event.objects.filter(shown).select_related("group", "institution")


def upcoming(events: QuerySet[Event], now: datetime) -> QuerySet[Event]:
    return events.filter(end__gt=now).order_by("start", "pk")


def past(events: QuerySet[Event], now: datetime) -> QuerySet[Event]:
    return events.filter(end__lte=now).order_by("-start", "-pk")


def registrations_of(user: AnyUser) -> QuerySet[Registration]:
    """The person's registrations, soonest event first, each with its waitlist position
    annotated as `ahead` (people waiting before them; position = ahead + 1)."""
    if not user.is_authenticated:
        return Registration.objects.none()
    ahead = (
        Registration.objects.filter(
            event_id=OuterRef("event_id"), status=Status.WAITLISTED, arrival__lt=OuterRef("arrival")
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Registration.objects.filter(user=user)
        .exclude(status=Status.CANCELLED)
        .select_related("event")
        .annotate(ahead=ahead)
        .order_by("event__start", "event_id")
    )


def registrations_for_organisers(event: Event) -> QuerySet[Registration]:
    """Everyone on the event's lists, in order of arrival, with their names."""
    return event.registrations.select_related("user__profile", "institution").order_by("arrival")


def is_registered(user: AnyUser) -> Exists:
    return Exists(
        Registration.objects.filter(
            event=OuterRef("pk"), user_id=user.pk or 0, status__in=Registration.ACTIVE
        )
    )


# --- The personal calendar feed (events/calendars.py) ----------------------------------------

# The events a feed holds: a draft is not taking place yet.
_IN_CALENDARS = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def calendar_events_of(user: User) -> QuerySet[Event]:
    """The published or cancelled events the person holds a place at or organises, soonest
    first (one query)."""
    holding = Registration.objects.filter(user=user, status=Status.REGISTERED).values("event_id")
    organising = Event.organisers.through.objects.filter(user=user).values("event_id")
    return (
        Event.objects.filter(status__in=_IN_CALENDARS)
        .filter(Q(pk__in=holding) | Q(pk__in=organising))
        .order_by("start", "pk")
    )


@lru_cache(maxsize=1)
def _calendar_version_sql() -> str:
    quote = connection.ops.quote_name
    event, registration, organisers = (
        quote(model._meta.db_table) for model in (Event, Registration, Event.organisers.through)
    )
    return (
        "SELECT COUNT(e.id), SUM(e.id), SUM(e.sequence), MAX(e.updated), "  # noqa: S608 - table names only
        f"(SELECT MAX(r.changed) FROM {registration} r WHERE r.user_id = %s) "
        f"FROM {event} e WHERE e.status IN (%s, %s) AND ("
        f"e.id IN (SELECT h.event_id FROM {registration} h WHERE h.user_id = %s AND h.status = %s) "
        f"OR e.id IN (SELECT o.event_id FROM {organisers} o WHERE o.user_id = %s))"
    )


def calendar_version_of(user: User) -> str:
    """What the person's events in their feed are made of, in one short query and without
    reading an event: how many, their ids and SEQUENCEs summed, the newest change to one
    (`Event.updated`) and the newest change to any of the person's registrations
    (`Registration.changed`). Any change the feed shows (an event changed, moved or
    cancelled, a place taken, freed or given, an organiser named) changes it.

    Written in SQL, as the working groups' (workinggroups/selectors.py): this is what
    answering an unchanged feed (304) reads.
    """
    published, cancelled = _IN_CALENDARS
    with connection.cursor() as cursor:
        cursor.execute(
            _calendar_version_sql(),
            [
                user.pk,
                published.value,
                cancelled.value,
                user.pk,
                Status.REGISTERED.value,
                user.pk,
            ],
        )
        return repr(cursor.fetchall())
