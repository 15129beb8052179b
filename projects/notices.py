"""The notices projects send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register
from tpc_portal.audit import label_of
from tpc_portal.timezones import day

# --- Projects, team and proposals


# --- Openings


def _opening_words(context: dict[str, Any]) -> dict[str, Any]:
    from projects.models import Opening

    return context | {
        "position_label": label_of(Opening.Position, context["position"]),
        "deadline": day(context.get("deadline")),
    }


OPENING_MATCHED = register(
    "projects.opening_matched",
    label=_("New openings you asked about"),
    description=_(
        "A project posted an opening for a position and areas you subscribed to on the "
        "opportunities page."
    ),
    title=_("New opening: {title}"),
    body_template="projects/messages/opening_matched.txt",
    present=_opening_words,
    default_delivery=Delivery.IMMEDIATELY,
)
