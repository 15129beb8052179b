"""The projects' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in projects/templates/projects/audit/.
An entry's subject is the project.
"""

from django.utils.translation import gettext_lazy as _

from tpc_portal.audit import Verb, audit_verb


def _verb(key: str, label) -> Verb:
    return audit_verb(key, label=label, template=f"projects/audit/{key.replace('.', '_')}.html")


# --- Projects, team and proposals


# --- Similar work and openings


# --- Allocations
# The subject of these entries is the allocation request (submitted) or the allocation
# (granted, supplemented, extended, suspended, resumed). Amounts are stored as text, with
# the resource's unit in the context, and written for the reader when shown.


def _allocation_words(entry) -> dict[str, str]:
    from projects.allocation_display import amount_text, unit_label
    from projects.models import Allocation, AllocationRequest
    from tpc_portal.audit import label_of
    from tpc_portal.timezones import day

    shown = {"unit": unit_label(entry.context.get("unit", ""))}
    for side in ("before", "after"):
        values = getattr(entry, side)
        for name in ("amount", "granted", "asked"):
            if name in values:
                shown[f"{side}_{name}"] = amount_text(values[name])
        if "end" in values:
            shown[f"{side}_end"] = day(values["end"])
        if "status" in values:
            shown[f"{side}_status"] = label_of(Allocation.Status, values["status"])
    if "kind" in entry.after:
        shown["kind"] = label_of(AllocationRequest.Kind, entry.after["kind"]).lower()
    return shown


def _allocation_verb(key: str, label) -> Verb:
    return audit_verb(
        key,
        label=label,
        template=f"projects/audit/{key.replace('.', '_')}.html",
        present=_allocation_words,
    )


ALLOCATION_REQUEST_SUBMITTED = _allocation_verb(
    "allocation_request.submitted", _("Machine time requested")
)
ALLOCATION_GRANTED = _allocation_verb("allocation.granted", _("Allocation granted"))
ALLOCATION_SUPPLEMENTED = _allocation_verb("allocation.supplemented", _("Allocation supplemented"))
ALLOCATION_EXTENDED = _allocation_verb("allocation.extended", _("Allocation extended"))
ALLOCATION_SUSPENDED = _allocation_verb("allocation.suspended", _("Allocation suspended"))
ALLOCATION_RESUMED = _allocation_verb("allocation.resumed", _("Allocation resumed"))
