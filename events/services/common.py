"""What every events service shares: the one way an event is locked, the notice context,
the audit record and who is told."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse

from events.models import Event, Registration
from events.permissions import forget_organised, is_organiser
from members.models import User
from notifications.kinds import Kind
from notifications.services import notify, notify_later
from tpc_portal.audit import Verb, audit_record
from tpc_portal.people import given_name


@contextmanager
def event_locked(event: Event, *, arriving: bool = False) -> Iterator[Event]:
    """A transaction in which the event's row is locked and read afresh.

    Every change to who holds a place happens inside one: two people registering for the
    last place queue on the row, and the second sees that it is gone. Counting inside the
    lock is what makes the count true (no count-then-insert race): in a statement after
    the one that took the lock, so that it sees every registration committed before.

    `arriving` (someone registers): the lock is taken by raising the event's arrival
    counter, one UPDATE … RETURNING where SELECT … FOR UPDATE and an UPDATE were two, so
    the event comes back with the newcomer's number in `arrivals`; refused, they give it
    back with the rest of the transaction.
    """
    with transaction.atomic():
        if arriving:
            yield _arrival_taken(event.pk)
        else:
            yield Event.objects.select_for_update().get(pk=event.pk)


@lru_cache(maxsize=1)
def _arrival_sql() -> str:
    table = connection.ops.quote_name(Event._meta.db_table)
    return f"UPDATE {table} SET arrivals = arrivals + 1 WHERE id = %s RETURNING *"  # noqa: S608 - the table's name only


def _arrival_taken(pk: int) -> Event:
    """The event's row, locked by the UPDATE that takes the next arrival number, as it is
    now (RETURNING gives the row as updated, after any lock it waited for)."""
    for event in Event.objects.raw(_arrival_sql(), [pk]):
        return event
    raise Event.DoesNotExist


def require_organiser(actor: User, event: Event) -> None:
    """Services check permission too: a view that forgot to is refused here."""
    forget_organised(actor)
    if not is_organiser(actor, event):
        raise PermissionDenied


def event_link(event: Event) -> str:
    return reverse("events:event", args=[event.slug])


def notice_context(event: Event, **extra: Any) -> dict[str, Any]:
    return {
        "title": event.title,
        "start": event.start.isoformat(),
        "time_zone": event.time_zone,
        "venue": event.venue,
    } | extra


def tell(
    people: Iterable[User], kind: Kind, event: Event, *, actor: User | None = None, **extra: Any
) -> None:
    """Notify `people` about the event (in the caller's transaction; e-mail after commit)."""
    people = list(people)
    if people:
        notify(
            people,
            kind,
            context=notice_context(event, **extra),
            link=event_link(event),
            actor=actor,
        )


def tell_later(people: Iterable[User], kind: Kind, event: Event, **extra: Any) -> None:
    """Notify `people` about the event by a worker, after the caller's transaction commits
    (notify_later): for news they already have."""
    notify_later(people, kind, context=notice_context(event, **extra), link=event_link(event))


def record(
    verb: Verb,
    *,
    actor: User | None,
    event: Event,
    person: User | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **context: Any,
) -> None:
    if person is not None:
        context["person"] = given_name(person)
    audit_record(actor=actor, subject=event, verb=verb, before=before, after=after, context=context)


def registrants(event: Event, *statuses: str) -> list[User]:
    """The people of the event in the given states (the registered, by default)."""
    return list(
        User.objects.filter(
            event_registrations__event=event,
            event_registrations__status__in=statuses or [Registration.Status.REGISTERED],
        ).select_related("profile")
    )
