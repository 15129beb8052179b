"""Reads of events: lists with their counts, a person's registrations, waitlist positions.

Every list here costs the same number of queries for 5 rows and for 500: counts are
annotated, not asked per row.
"""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from events.models import Event, Registration
from events.permissions import organised_by
from members.membership import AnyUser, is_confirmed_member

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
