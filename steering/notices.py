"""The notices the steering committee sends, declared once.

Their context names the case by its kind and name (`case_kind`, `case_name`), so that its
title is composed in the reader's language when the notice is shown.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register


def case_context(case) -> dict[str, str]:
    """What a notice's context says about the case it is about."""
    return {"case_kind": case.kind, "case_name": case.name}


def _with_title(context: dict[str, Any]) -> dict[str, Any]:
    from steering.models.cases import case_title

    return context | {"title": case_title(context["case_kind"], context["case_name"])}


def _with_outcome(context: dict[str, Any]) -> dict[str, Any]:
    from steering.models import Decision

    return _with_title(context) | {"outcome": Decision.Outcome(context["outcome"]).label}


def _with_what(context: dict[str, Any]) -> dict[str, Any]:
    from steering.models import Reminder

    return _with_title(context) | {"what": Reminder.Kind(context["kind"]).label}


CASE_SUBMITTED = register(
    "steering.case_submitted",
    label=_("New cases for the committee"),
    description=_("A proposal was submitted (or resubmitted) to the committee you chair."),
    title=_("New case for the committee: {title}"),
    body_template="steering/messages/case_submitted.txt",
    present=_with_title,
    default_delivery=Delivery.IMMEDIATELY,
)

REVIEW_ASSIGNED = register(
    "steering.review_assigned",
    label=_("Review requests"),
    description=_("The chair asks your seat to review a case."),
    title=_("Please review: {title}"),
    body_template="steering/messages/review_assigned.txt",
    present=_with_title,
    default_delivery=Delivery.IMMEDIATELY,
)

BALLOT_OPENED = register(
    "steering.ballot_opened",
    label=_("Committee votes"),
    description=_("The committee votes on a case your seat may vote on."),
    title=_("Vote open until {closes}: {title}"),
    body_template="steering/messages/ballot_opened.txt",
    present=_with_title,
    default_delivery=Delivery.IMMEDIATELY,
)

DEADLINE_REMINDER = register(
    "steering.deadline_reminder",
    label=_("Committee deadline reminders"),
    description=_("Three days before a review of yours is due or a vote closes."),
    title=_("Reminder: {what} by {due}: {title}"),
    body_template="steering/messages/deadline_reminder.txt",
    present=_with_what,
    default_delivery=Delivery.IMMEDIATELY,
)

DECISION_MADE = register(
    "steering.decision_made",
    label=_("Decisions on your proposals"),
    description=_("The committee decided on a proposal you submitted."),
    title=_("Decision on {title}: {outcome}"),
    body_template="steering/messages/decision_made.txt",
    present=_with_outcome,
    default_delivery=Delivery.IMMEDIATELY,
)
