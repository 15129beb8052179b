"""The notices working groups send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register
from tpc_portal.timezones import at_with_local
from workinggroups.recurrence_words import describe_rule

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
# Contexts hold the meeting's start as an ISO string and its zone's name (never the video
# link, which stays on the members' page): `_when` writes the time when the notice is read,
# in the organiser's zone with the reader's own beside it.


def _when(iso: str | None, zone: str) -> str:
    return at_with_local(datetime.fromisoformat(iso), zone) if iso else ""


def _meeting_words(context: dict[str, Any]) -> dict[str, Any]:
    zone = context.get("time_zone", "UTC")
    shown = context | {
        "when": _when(context.get("start"), zone),
        "old_when": _when(context.get("old_start"), zone),
    }
    if context.get("rule"):
        shown["repeats"] = describe_rule(context["rule"])
    return shown


MEETING_SCHEDULED = register(
    "workinggroups.meeting_scheduled",
    label=_("New meetings of your groups"),
    description=_("A lead of one of your groups scheduled a meeting or a meeting series."),
    title=_("{group}: {title}, {when}"),
    body_template="workinggroups/messages/meeting_scheduled.txt",
    present=_meeting_words,
    default_delivery=Delivery.IMMEDIATELY,
)
MEETING_MOVED = register(
    "workinggroups.meeting_moved",
    label=_("Meetings moved"),
    description=_("A meeting (or a series) of one of your groups moved to another time."),
    title=_("Moved: {title} ({group}) is now {when}"),
    body_template="workinggroups/messages/meeting_moved.txt",
    present=_meeting_words,
    default_delivery=Delivery.IMMEDIATELY,
)
MEETING_CANCELLED = register(
    "workinggroups.meeting_cancelled",
    label=_("Meetings cancelled"),
    description=_("A meeting of one of your groups will not take place."),
    title=_("Cancelled: {title} ({group}), {when}"),
    body_template="workinggroups/messages/meeting_cancelled.txt",
    present=_meeting_words,
    default_delivery=Delivery.IMMEDIATELY,
)
MEETING_REMINDER = register(
    "workinggroups.meeting_reminder",
    label=_("Meeting reminders"),
    description=_("A day before each meeting of your groups."),
    title=_("Reminder: {title} ({group}), {when}"),
    body_template="workinggroups/messages/meeting_reminder.txt",
    present=_meeting_words,
    default_delivery=Delivery.IMMEDIATELY,
)


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
