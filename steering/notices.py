"""The notices the steering committee sends, declared once."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register

CASE_SUBMITTED = register(
    "steering.case_submitted",
    label=_("New cases for the committee"),
    description=_("A proposal was submitted (or resubmitted) to the committee you chair."),
    title=_("New case for the committee: {title}"),
    body_template="steering/messages/case_submitted.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

REVIEW_ASSIGNED = register(
    "steering.review_assigned",
    label=_("Review requests"),
    description=_("The chair asks your seat to review a case."),
    title=_("Please review: {title}"),
    body_template="steering/messages/review_assigned.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

BALLOT_OPENED = register(
    "steering.ballot_opened",
    label=_("Committee votes"),
    description=_("The committee votes on a case your seat may vote on."),
    title=_("Vote open until {closes}: {title}"),
    body_template="steering/messages/ballot_opened.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

DEADLINE_REMINDER = register(
    "steering.deadline_reminder",
    label=_("Committee deadline reminders"),
    description=_("Three days before a review of yours is due or a vote closes."),
    title=_("Reminder: {what} by {due}: {title}"),
    body_template="steering/messages/deadline_reminder.txt",
    default_delivery=Delivery.IMMEDIATELY,
)

DECISION_MADE = register(
    "steering.decision_made",
    label=_("Decisions on your proposals"),
    description=_("The committee decided on a proposal you submitted."),
    title=_("Decision on {title}: {outcome}"),
    body_template="steering/messages/decision_made.txt",
    default_delivery=Delivery.IMMEDIATELY,
)
