"""Who holds a place, on the event's locked row: counting the places and the line, the
per-institution cap, moving the first in line up (`fill`), changing the number of places,
and lifting the cap at its release date. registration.py's docstring states the
guarantees; its services, and events.py's, call these inside the event's lock.
"""

from collections import Counter
from datetime import datetime
from functools import lru_cache

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import audit, notices
from events.models import Event, Registration
from events.services.common import event_locked, record, tell
from members.models import User
from tpc_portal.errors import ApplicationError

Status = Registration.Status


# --- Places -------------------------------------------------------------------------------


def count_holding(event: Event) -> int:
    return event.registrations.filter(status=Status.REGISTERED).count()


@lru_cache(maxsize=1)
def _line_counts_sql() -> str:
    table = connection.ops.quote_name(Registration._meta.db_table)
    return (
        "SELECT COUNT(*) FILTER (WHERE status = %s), COUNT(*) FILTER (WHERE status = %s), "  # noqa: S608 - the table's name only
        f"COUNT(*) FILTER (WHERE user_id = %s) FROM {table} WHERE event_id = %s"
    )


def line_counts(event: Event, person: User) -> tuple[int, int, int]:
    """How many hold a place, how many wait, and whether `person` has a registration
    (1) or not (0), in one query.

    Written in SQL: every registration for the event runs it under the event's lock, on
    which the others queue, and the ORM took about 1 ms of Python to build it (0.1 ms so).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _line_counts_sql(),
            [Status.REGISTERED.value, Status.WAITLISTED.value, person.pk, event.pk],
        )
        holding, waiting, theirs = cursor.fetchone()
    return holding, waiting, theirs


def held_by_institution(event: Event) -> Counter[int]:
    return Counter(
        event.registrations.filter(status=Status.REGISTERED, institution__isnull=False).values_list(
            "institution_id", flat=True
        )
    )


def is_capped(event: Event, institution_id: int | None, held: Counter[int], now: datetime) -> bool:
    return (
        institution_id is not None
        and event.cap_active(now)
        and held[institution_id] >= (event.institution_cap or 0)
    )


def places_free(event: Event) -> int | None:
    """Places free on the locked event; None when there is no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - count_holding(event), 0)


def fill(event: Event, *, now: datetime, actor: User | None = None) -> list[Registration]:
    """On the locked event: move the first people in line up while places are free (and
    their institution's cap allows). Returns them, promoted, audited and told."""
    free = places_free(event)
    if free == 0:
        return []
    held = held_by_institution(event)
    promoted: list[Registration] = []
    waiting = event.registrations.filter(status=Status.WAITLISTED).select_related("user__profile")
    for registration in waiting.order_by("arrival"):
        if free is not None and free <= 0:
            break
        if is_capped(event, registration.institution_id, held, now):
            continue
        registration.status = Status.REGISTERED
        registration.changed = now
        promoted.append(registration)
        if registration.institution_id is not None:
            held[registration.institution_id] += 1
        if free is not None:
            free -= 1
    if promoted:
        Registration.objects.bulk_update(promoted, ["status", "changed"])
        for registration in promoted:
            record(
                audit.PROMOTED,
                actor=actor,
                event=event,
                person=registration.user,
                before={"status": Status.WAITLISTED},
                after={"status": Status.REGISTERED},
            )
            tell([registration.user], notices.PROMOTED, event)
    return promoted


# --- Capacity and the per-institution cap ------------------------------------------------------


class CapacityBelowRegistered(ApplicationError):
    """Lowering the capacity below the number registered needs the organiser's say-so."""


def capacity_change(
    locked: Event, capacity: int | None, *, actor: User, confirmed: bool, now: datetime
) -> list[Registration]:
    """On the locked event: set the capacity. Raising it promotes as many people from the
    waitlist, in order. Lowering it below the number registered is refused unless the
    organiser confirms; then nobody loses their place, and nobody moves up until the
    registered are fewer than the new capacity."""
    holding = count_holding(locked)
    if capacity is not None and capacity < holding and not confirmed:
        raise CapacityBelowRegistered(
            ngettext(
                "%(count)s person is registered, more than %(capacity)s places. Confirm to "
                "lower it anyway: nobody loses their place, and nobody moves up from the "
                "waitlist until fewer are registered.",
                "%(count)s people are registered, more than %(capacity)s places. Confirm to "
                "lower it anyway: nobody loses their place, and nobody moves up from the "
                "waitlist until fewer are registered.",
                holding,
            )
            % {"count": holding, "capacity": capacity},
            errors={"capacity": [_("Fewer places than people registered: confirm below.")]},
        )
    locked.capacity = capacity
    locked.save(update_fields=["capacity", "updated"])
    return fill(locked, now=now, actor=actor)


def caps_release(*, now: datetime | None = None) -> int:
    """Beat: lift the per-institution cap of every event whose release date has come, and
    move its waitlist up in order. Safe to run twice. Returns how many people moved up."""
    now = now or timezone.now()
    due = Event.objects.filter(
        institution_cap__isnull=False,
        cap_until__lte=now,
        cap_released=False,
        status=Event.Status.PUBLISHED,
    ).values_list("pk", flat=True)
    moved = 0
    for pk in list(due):
        with event_locked(Event(pk=pk)) as locked:
            if locked.cap_released:
                continue
            locked.cap_released = True
            locked.save(update_fields=["cap_released"])
            moved += len(fill(locked, now=now))
    return moved
