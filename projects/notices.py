"""The notices projects send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register

# --- Projects, team and proposals


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
