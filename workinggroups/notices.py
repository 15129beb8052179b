"""The notices working groups send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register

# --- Groups and membership


# --- Meetings and series


# --- Minutes and action items
# Contexts: `group` (its name), `meeting` and `start` (the meeting's title and start) or
# `text` and `due` (an action item's words and due day, ISO: shown as the reader reads days).


def _with_due_day(context: dict) -> dict:
    from tpc_portal.timezones import day

    return context | {"due": day(context.get("due"))}


MINUTES_PUBLISHED = register(
    "workinggroups.minutes_published",
    label=_("Minutes published"),
    description=_("The minutes of a meeting of your group are published."),
    title=_("Minutes of {meeting} ({group})"),
    body_template="workinggroups/messages/minutes_published.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

ACTION_ITEM_ASSIGNED = register(
    "workinggroups.action_item_assigned",
    label=_("Action items given to you"),
    description=_("Someone in your working group gives you an action item."),
    title=_("Action item for you ({group}), due {due}"),
    body_template="workinggroups/messages/action_item_assigned.txt",
    present=_with_due_day,
    default_delivery=Delivery.IMMEDIATELY,
)

ACTION_ITEM_DUE = register(
    "workinggroups.action_item_due",
    label=_("Action items due tomorrow"),
    description=_("The day before an open action item of yours is due."),
    title=_("Due {due}: your action item ({group})"),
    body_template="workinggroups/messages/action_item_due.txt",
    present=_with_due_day,
    default_delivery=Delivery.IMMEDIATELY,
)

ACTION_ITEM_OVERDUE = register(
    "workinggroups.action_item_overdue",
    label=_("Overdue action items"),
    description=_("Once, the day after an open action item of yours was due."),
    title=_("Overdue since {due}: your action item ({group})"),
    body_template="workinggroups/messages/action_item_overdue.txt",
    present=_with_due_day,
    default_delivery=Delivery.IMMEDIATELY,
)
