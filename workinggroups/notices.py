"""The notices working groups send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register

# --- Groups and membership
# Contexts: `group` (its name), `person` (the name the person gave; "" is named when shown),
# `message` / `reason` (their words, as written).


def _named_person(context: dict[str, Any]) -> dict[str, Any]:
    return context | {"person": context.get("person") or gettext("a TPC member")}


JOIN_REQUESTED = register(
    "workinggroups.join_requested",
    label=_("Requests to join your groups"),
    description=_("Someone asks to join a working group you lead."),
    title=_("{person} asks to join {group}"),
    body_template="workinggroups/messages/join_requested.txt",
    present=_named_person,
    default_delivery=Delivery.IMMEDIATELY,
)

JOIN_APPROVED = register(
    "workinggroups.join_approved",
    label=_("Your requests to join: approved"),
    description=_("A lead approved your request to join a working group."),
    title=_("You are now a member of {group}"),
    body_template="workinggroups/messages/join_approved.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

JOIN_DECLINED = register(
    "workinggroups.join_declined",
    label=_("Your requests to join: declined"),
    description=_("A lead declined your request to join a working group."),
    title=_("Your request to join {group} was declined"),
    body_template="workinggroups/messages/join_declined.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

MADE_LEAD = register(
    "workinggroups.made_lead",
    label=_("You lead a group"),
    description=_("You were made a lead of a working group."),
    title=_("You are now a lead of {group}"),
    body_template="workinggroups/messages/made_lead.txt",
    default_delivery=Delivery.IMMEDIATELY,
)


# --- Meetings and series


# --- Minutes and action items
