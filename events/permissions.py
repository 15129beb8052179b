"""Who may see, run and register for events.

Predicates used by views, the API and templates alike (through `rules`), and a
fetch-or-refuse helper. The events a person organises are read once per request
(`organised_by`) and kept on the user object, so a list of events asks nothing per row.

Who sees what:
- a published or cancelled event is seen by the people it is open to: everyone for a
  public one; confirmed members for the others (a students-and-postdocs event is shown to
  every member, who may tell their students; only students and postdocs register);
- a draft by its organisers and staff;
- the online link, the registrants and their answers: the organisers (and secure staff);
  the link also by the people holding a place.
"""

from functools import lru_cache

import rules
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from events.models import Event, Registration
from members.membership import AnyUser, is_confirmed_member, standing_of
from members.models import Profile
from tpc_portal.second_factor import is_secure_staff


def organised_by(user: AnyUser) -> frozenset[int]:
    """The ids of the events the person organises."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_events_organised", None)
    if cached is None:
        cached = frozenset(user.events_organised.values_list("pk", flat=True))
        setattr(user, "_events_organised", cached)  # noqa: B010 - a cache the stubs do not know
    return cached


def forget_organised(user: AnyUser) -> None:
    """After the organisers of an event change, the next check asks the database again."""
    if hasattr(user, "_events_organised"):
        del user._events_organised


def _event_id(event: Event | int) -> int:
    return event if isinstance(event, int) else event.pk


@rules.predicate
def is_organiser(user: AnyUser, event: Event | int) -> bool:
    """One of the event's organisers, or staff with a second factor."""
    return _event_id(event) in organised_by(user) or is_secure_staff(user)


@rules.predicate
def can_view_event(user: AnyUser, event: Event) -> bool:
    if event.status == Event.Status.DRAFT:
        return bool(is_organiser(user, event)) or (user.is_authenticated and user.is_staff)
    if event.audience == Event.Audience.PUBLIC:
        return True
    return bool(is_confirmed_member(user) or is_organiser(user, event))


@rules.predicate
def can_create_event(user: AnyUser) -> bool:
    """Confirmed members organise events (they become the organiser); staff too."""
    return bool(is_confirmed_member(user))


def is_early_career(user: AnyUser) -> bool:
    """A student or postdoc, as their profile says (read with their membership)."""
    if not user.is_authenticated:
        return False
    return standing_of(user).career_stage in (
        Profile.CareerStage.STUDENT,
        Profile.CareerStage.POSTDOC,
    )


def holds_place(user: AnyUser, event: Event) -> bool:
    return (
        user.is_authenticated
        and event.registrations.filter(user=user, status=Registration.Status.REGISTERED).exists()
    )


def can_see_online_link(user: AnyUser, event: Event) -> bool:
    """The online link: the organisers and the people holding a place."""
    return bool(is_organiser(user, event)) or holds_place(user, event)


rules.add_perm("events.view_event", can_view_event)
rules.add_perm("events.organise_event", is_organiser)
rules.add_perm("events.create_event", can_create_event)


@lru_cache(maxsize=1)
def _event_by_slug_sql() -> str:
    table = connection.ops.quote_name(Event._meta.db_table)
    return f"SELECT * FROM {table} WHERE slug = %s"  # noqa: S608 - the table's name only


def access_event(
    user: AnyUser, slug: str, *, organise: bool = False, related: bool = True
) -> Event:
    """The event named by `slug` if the person may see it (404 otherwise) and, with
    `organise`, run it (403 otherwise). With `related` (the pages), its organising group
    and institution are read with it; the API's registration addresses show neither."""
    if related:
        events = Event.objects.filter(slug=slug).select_related("group", "institution")
        event = events.order_by().first()
    else:
        event = next(iter(Event.objects.raw(_event_by_slug_sql(), [slug])), None)
    if event is None or not can_view_event(user, event):
        raise Http404
    if organise and not is_organiser(user, event):
        raise PermissionDenied
    return event
