"""The notices projects send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register

# --- Projects, team and proposals


def _in_words(context: dict[str, Any]) -> dict[str, Any]:
    """Stored values in the reader's language: roles, outcomes, unnamed people."""
    from projects.models import TeamMember
    from steering.models import Decision
    from tpc_portal.audit import label_of

    words = dict(context)
    for name in ("person", "inviter"):
        if name in words:
            words[name] = words[name] or gettext("A researcher")
    if "role" in words:
        words["role"] = label_of(TeamMember.Role, words["role"]).lower()
    if "answer" in words:  # a request to join: "approved" or "declined"
        words["approved"] = words["answer"] == "approved"
        words["outcome"] = gettext("approved") if words["approved"] else gettext("declined")
    if "decision" in words:  # the committee's: a Decision.Outcome value
        words["outcome"] = label_of(Decision.Outcome, words["decision"]).lower()
    return words


TEAM_INVITED = register(
    "projects.team_invited",
    label=_("Invitations to project teams"),
    description=_("A project's PI or co-PI invites you to join its team."),
    title=_("{inviter} invites you to join “{project}”"),
    body_template="projects/messages/team_invited.txt",
    present=_in_words,
    default_delivery=Delivery.IMMEDIATELY,
)

JOIN_REQUESTED = register(
    "projects.join_requested",
    label=_("Requests to join your projects"),
    description=_("Someone asks to join a project you lead (as its PI or a co-PI)."),
    title=_("{person} asks to join “{project}”"),
    body_template="projects/messages/join_requested.txt",
    present=_in_words,
    default_delivery=Delivery.IMMEDIATELY,
)

JOIN_REQUEST_DECIDED = register(
    "projects.join_request_decided",
    label=_("Answers to your requests to join projects"),
    description=_("A project's PI or co-PI approved or declined your request to join."),
    title=_("Your request to join “{project}”: {outcome}"),
    body_template="projects/messages/join_request_decided.txt",
    present=_in_words,
    default_delivery=Delivery.IMMEDIATELY,
)

PROPOSAL_DECIDED = register(
    "projects.proposal_decided",
    label=_("Decisions on your projects' proposals"),
    description=_("The steering committee decided on a project you are on."),
    title=_("The committee's decision on “{project}”: {outcome}"),
    body_template="projects/messages/proposal_decided.txt",
    present=_in_words,
    default_delivery=Delivery.IMMEDIATELY,
)

TEAM_MEMBER_JOINED = register(
    "projects.team_member_joined",
    label=_("New members of your project teams"),
    description=_("Someone joined the team of a project you are on."),
    title=_("{person} joined “{project}”"),
    body_template="projects/messages/team_member_joined.txt",
    present=_in_words,
    default_delivery=Delivery.DIGEST,
)


# --- Openings


# --- Allocations


def _allocation_decision_words(context: dict) -> dict:
    from projects.allocation_display import amount_text, unit_label
    from projects.models import AllocationRequest
    from steering.models import Decision
    from tpc_portal.audit import label_of
    from tpc_portal.timezones import day

    return context | {
        "outcome": label_of(Decision.Outcome, context["outcome"]),
        "outcome_value": context["outcome"],
        "kind": label_of(AllocationRequest.Kind, context["kind"]),
        "unit": unit_label(context["unit"]),
        "asked": amount_text(context.get("asked")),
        "granted": amount_text(context.get("granted")),
        "new_end": day(context.get("new_end")),
    }


ALLOCATION_REQUEST_DECIDED = register(
    "projects.allocation_request_decided",
    label=_("Decisions on machine time"),
    description=_(
        "The committee decided on a request for machine time of a project you lead (as PI "
        "or co-PI)."
    ),
    title=_("Machine time for {project} on {resource}: {outcome}"),
    body_template="projects/messages/allocation_request_decided.txt",
    present=_allocation_decision_words,
    default_delivery=Delivery.IMMEDIATELY,
)
