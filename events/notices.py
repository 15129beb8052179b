"""The notices events send, declared once (notifications/kinds.py).

Contexts hold data: the event's `title`, its `start` as an ISO string and its `time_zone`
(put into words when the notice is read, in the event's zone with the reader's own
beside it), a waitlist `position`, and the organisers' own words (`message`). Never the
online link: it stays on the event's page, for the people holding a place.
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register
from tpc_portal.timezones import at_with_local


def _when(context: dict[str, Any]) -> dict[str, Any]:
    zone = context.get("time_zone", "UTC")
    shown = dict(context)
    for key in ("start", "old_start"):
        iso = context.get(key)
        shown["when" if key == "start" else "old_when"] = (
            at_with_local(datetime.fromisoformat(iso), zone) if iso else ""
        )
    return shown


def _kind(key: str, *, label, description, title) -> Any:
    return register(
        f"events.{key}",
        label=label,
        description=description,
        title=title,
        body_template=f"events/messages/{key}.txt",
        present=_when,
        default_delivery=Delivery.IMMEDIATELY,
    )


REGISTERED = _kind(
    "registered",
    label=_("Your registrations"),
    description=_("You registered for an event and hold a place."),
    title=_("You are registered: {title}, {when}"),
)
WAITLISTED = _kind(
    "waitlisted",
    label=_("Your places on waitlists"),
    description=_("An event was full when you registered: you are on its waitlist."),
    title=_("On the waitlist ({position}): {title}"),
)
APPLIED = _kind(
    "applied",
    label=_("Your applications to events"),
    description=_("Your application to an event reached its organisers."),
    title=_("Application received: {title}"),
)
PROMOTED = _kind(
    "promoted",
    label=_("A place for you"),
    description=_("A place freed up and you moved from the waitlist to the registered."),
    title=_("A place for you: {title}, {when}"),
)
ACCEPTED = _kind(
    "accepted",
    label=_("Applications accepted"),
    description=_("The organisers accepted your application to an event."),
    title=_("Accepted: {title}, {when}"),
)
DECLINED = _kind(
    "declined",
    label=_("Applications not accepted"),
    description=_("The organisers could not accept your application to an event."),
    title=_("Your application to {title}"),
)
CHANGED = _kind(
    "changed",
    label=_("Events changed"),
    description=_("An event you registered for moved to another time or place."),
    title=_("Changed: {title} is now {when}"),
)
CANCELLED = _kind(
    "cancelled",
    label=_("Events cancelled"),
    description=_("An event you registered for will not take place."),
    title=_("Cancelled: {title}, {when}"),
)
MESSAGE = _kind(
    "message",
    label=_("Messages from organisers"),
    description=_("The organisers of an event you registered for write to everyone."),
    title=_("{title}: a message from the organisers"),
)
REMINDER = _kind(
    "reminder",
    label=_("Event reminders"),
    description=_("The day before an event you registered for."),
    title=_("Tomorrow: {title}, {when}"),
)
