"""What an event's page shows its viewer: the event with its counts, its organisers by
name, the viewer's own registration in words, whether they may register (and if not,
why), and whether they see the online link. A fixed number of queries.

Reads only: the reasons a person may not register are the services' own
(registration_refusal), so the page and the refusal never disagree.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from events import selectors
from events.models import Event, Registration
from events.permissions import can_see_online_link, is_organiser
from events.services.registration import registration_refusal
from members.membership import AnyUser
from tpc_portal.people import person_name

Status = Registration.Status

# Django 6.1's humanize asks for the ordinal of 1 ("1st") under a context of its own that
# its Russian catalogue does not have yet; naming it here puts it in ours ("1-й").
ORDINAL_OF_ONE = pgettext_lazy("ordinal is 1", "{}st")


@dataclass(frozen=True)
class EventPage:
    event: Event
    organisers: list[str]
    places: str
    # The viewer's registration, if any that still counts (cancelled ones do not).
    registration: Registration | None
    position: int | None
    standing: str
    # Why the viewer may not register now; "" when they may (or already are).
    refusal: str
    may_register: bool
    may_withdraw: bool
    sees_online_link: bool
    organises: bool
    full: bool


def places_text(event: Event) -> str:
    """ "12 places left", "Full: 4 on the waitlist", from the counts `with_counts` adds."""
    waiting = getattr(event, "waitlist_count", 0)
    if event.capacity is None:
        return _("No limit on places")
    left = max(event.capacity - getattr(event, "registered_count", 0), 0)
    if left:
        return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}
    if waiting:
        return ngettext(
            "Full: %(count)s person on the waitlist",
            "Full: %(count)s people on the waitlist",
            waiting,
        ) % {"count": waiting}
    return _("Full")


def standing_text(registration: Registration | None, position: int | None) -> str:
    """The viewer's registration in words: "You hold a place", "You are 3rd on the
    waitlist"."""
    if registration is None:
        return ""
    if registration.status == Status.REGISTERED:
        if registration.checked_in:
            return _("You hold a place, and you are checked in.")
        return _("You hold a place.")
    if registration.status == Status.WAITLISTED:
        return _("You are %(position)s on the waitlist.") % {"position": ordinal(position or 1)}
    if registration.status == Status.APPLIED:
        return _("You applied: the organisers will answer.")
    return _("Not accepted: the organisers could not offer you a place.")


def _full(event: Event) -> bool:
    return event.capacity is not None and getattr(event, "registered_count", 0) >= event.capacity


def event_page_for(viewer: AnyUser, event: Event, now: datetime) -> EventPage:
    """The page of an event the viewer may see (access_event decided that)."""
    counted = selectors.with_counts(Event.objects.filter(pk=event.pk)).get()
    event.registered_count = counted.registered_count  # type: ignore[attr-defined]
    event.waitlist_count = counted.waitlist_count  # type: ignore[attr-defined]
    registration = None
    if viewer.is_authenticated:
        registration = (
            event.registrations.filter(user=viewer).exclude(status=Status.CANCELLED).first()
        )
    position = selectors.waitlist_position(registration) if registration else None
    refusal = ""
    if registration is None:
        if not viewer.is_authenticated:
            refusal = _("Sign in to register.")
        else:
            refusal = registration_refusal(event, viewer, now) or ""
    organises = bool(is_organiser(viewer, event))
    return EventPage(
        event=event,
        organisers=[person_name(person) for person in event.organisers.select_related("profile")],
        places=places_text(event),
        registration=registration,
        position=position,
        standing=standing_text(registration, position),
        refusal=refusal,
        may_register=registration is None and not refusal,
        may_withdraw=(
            registration is not None
            and registration.status in Registration.ACTIVE
            and now < event.start
        ),
        sees_online_link=can_see_online_link(viewer, event),
        organises=organises,
        full=_full(event),
    )
