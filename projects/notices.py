"""The notices projects send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register
from projects.models import Resource
from tpc_portal.audit import label_of
from tpc_portal.timezones import day

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
)


# --- Usage: thresholds, end reminders, forecasts, silent sites
# Contexts hold amounts as decimal strings, units as their values and days as ISO dates;
# `_shown` puts them into the reader's words and number format when the notice is read.


def link_or_blank(name: str, *args: Any) -> str:
    """A page's address for a notice, or "" while that page does not exist (the pages of
    allocations are another part of the app)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def allocation_context(allocation, *, site) -> dict[str, Any]:
    """What a notice says about one allocation (its project, site, resource, figures)."""
    return {
        "allocation": allocation.pk,
        "project": allocation.project.title,
        "site": site.name,
        "resource": allocation.resource.name,
        "unit": allocation.resource.unit,
        "used": str(allocation.used),
        "granted": str(allocation.granted),
        "end": allocation.end.isoformat(),
    }


def _number(value: str | None) -> str:
    if value in (None, ""):
        return ""
    amount = Decimal(value).normalize()
    if amount == amount.to_integral():
        amount = amount.quantize(Decimal(1))
    return formats.number_format(amount, use_l10n=True, force_grouping=True)


def _shown_one(context: dict[str, Any]) -> dict[str, Any]:
    shown = dict(context)
    if "unit" in context:
        shown["unit"] = str(Resource.Unit(context["unit"]).label)
    for name in ("used", "granted", "remaining", "used_at_end"):
        if name in context:
            shown[name] = _number(context[name])
    for name in ("end", "runs_out_on", "last"):
        if context.get(name):
            shown[name] = day(context[name])
    return shown


def _shown(context: dict[str, Any]) -> dict[str, Any]:
    shown = _shown_one(context)
    if "allocations" in context:
        shown["allocations"] = [_shown_one(item) for item in context["allocations"]]
        shown["count"] = len(context["allocations"])
        first = shown["allocations"][0] if shown["allocations"] else {}
        shown["summary"] = ngettext(
            "%(project)s on %(site)s", "%(count)d allocations", shown["count"]
        ) % {
            "project": first.get("project", ""),
            "site": first.get("site", ""),
            "count": shown["count"],
        }
    return shown


ALLOCATION_THRESHOLD = register(
    "projects.allocation_threshold",
    label=_("Machine time running out"),
    description=_("An allocation of a project you lead has used 80 percent, or all, of its time."),
    # xgettext:no-python-format
    title=_("{project}: {percent}% of the time on {site} {resource} used"),
    body_template="projects/messages/allocation_threshold.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)

ALLOCATION_ENDING = register(
    "projects.allocation_ending",
    label=_("Machine time ending"),
    description=_("Allocations of projects you lead end in 30 days, and again in 7."),
    title=_("Machine time ending: {summary}"),
    body_template="projects/messages/allocation_ending.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)

ALLOCATION_FORECAST = register(
    "projects.allocation_forecast",
    label=_("Machine time forecast"),
    description=_(
        "At its recent rate of use, an allocation of a project you lead will run out long "
        "before its end, or leave more than half of its time unused."
    ),
    title=_("{project}: forecast for the time on {site} {resource}"),
    body_template="projects/messages/allocation_forecast.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)

SITE_SILENT = register(
    "projects.site_silent",
    label=_("Partner sites gone silent (staff)"),
    description=_("A site reported no usage on an active allocation for 7 days."),
    title=_("No usage reported for 7 days: {summary}"),
    body_template="projects/messages/site_silent.txt",
    present=_shown,
)


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
