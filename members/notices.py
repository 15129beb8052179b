"""The notices the members app sends, declared once."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register


def _named_person(context: dict[str, Any]) -> dict[str, Any]:
    # A person without a name is named in the reader's language, when the notice is shown.
    return context | {"person": context["person"] or gettext("A researcher")}


def _named_sender(context: dict[str, Any]) -> dict[str, Any]:
    return context | {"sender": context["sender"] or gettext("A member of the consortium")}


AFFILIATION_REQUESTED = register(
    "members.affiliation_requested",
    label=_("Affiliation requests to confirm"),
    description=_("Someone asks to be confirmed as belonging to an institution you represent."),
    title=_("{person} asks to join {institution}"),
    body_template="members/messages/affiliation_requested.txt",
    present=_named_person,
    default_delivery=Delivery.IMMEDIATELY,
)

AFFILIATION_CONFIRMED = register(
    "members.affiliation_confirmed",
    label=_("Affiliation confirmed"),
    description=_("You are confirmed as belonging to an institution."),
    title=_("You are now affiliated with {institution}"),
    body_template="members/messages/affiliation_confirmed.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

AFFILIATION_DECLINED = register(
    "members.affiliation_declined",
    label=_("Affiliation declined"),
    description=_("An institution declined your request to be affiliated with it."),
    title=_("{institution} declined your affiliation request"),
    body_template="members/messages/affiliation_declined.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

CONTACT_MESSAGE = register(
    "members.contact_message",
    label=_("Messages from researchers"),
    description=_("A researcher wrote to you through the directory's contact form."),
    title=_("{sender}: {subject}"),
    body_template="members/messages/contact_message.txt",
    present=_named_sender,
    default_delivery=Delivery.IMMEDIATELY,
)
