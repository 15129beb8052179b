"""The projects' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in projects/templates/projects/audit/.
An entry's subject is the project.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from projects.models import Output, Project, Share, TeamMember
from tpc_portal.audit import AuditEntry, Verb, audit_verb, label_of
from tpc_portal.people import fallback_name


def _verb(key: str, label, **kwargs: Any) -> Verb:
    return audit_verb(
        key, label=label, template=f"projects/audit/{key.replace('.', '_')}.html", **kwargs
    )


# --- Projects, team and proposals


def _words(entry: AuditEntry) -> Mapping[str, Any]:
    """The stored values of a projects entry in the reader's language: statuses, roles,
    what is shared, kinds of output, and the person concerned ("a TPC member" unnamed)."""
    before, after = entry.before, entry.after
    return {
        "old": label_of(Project.Status, before.get("status")),
        "new": label_of(Project.Status, after.get("status")),
        "old_role": label_of(TeamMember.Role, before.get("role")),
        "role": label_of(TeamMember.Role, after.get("role") or before.get("role")),
        "what": label_of(Share.What, after.get("what") or before.get("what")),
        "output_kind": label_of(Output.Kind, after.get("kind") or before.get("kind")),
        "person": entry.context.get("person") or fallback_name(),
        "fields": [_field_label(name) for name in entry.after.get("fields", [])],
    }


def _field_label(name: str) -> str:
    try:
        return str(Project._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _project_verb(key: str, label) -> Verb:
    return _verb(key, label, present=_words)


PROJECT_CREATED = _project_verb("project.created", _("Project drafted"))
PROJECT_UPDATED = _project_verb("project.updated", _("Project changed"))
PROJECT_SUBMITTED = _project_verb("project.submitted", _("Project proposed"))
PROJECT_RESUBMITTED = _project_verb("project.resubmitted", _("Project proposed again"))
PROJECT_DECIDED = _project_verb("project.decided", _("Committee's decision applied"))
PROJECT_WITHDRAWN = _project_verb("project.withdrawn", _("Project withdrawn"))
PROJECT_COMPLETED = _project_verb("project.completed", _("Project completed"))
TEAM_INVITED = _project_verb("team.invited", _("Invited to the team"))
TEAM_INVITATION_ACCEPTED = _project_verb("team.invitation_accepted", _("Invitation accepted"))
TEAM_INVITATION_DECLINED = _project_verb("team.invitation_declined", _("Invitation declined"))
TEAM_JOIN_REQUESTED = _project_verb("team.join_requested", _("Asked to join the team"))
TEAM_REQUEST_APPROVED = _project_verb("team.request_approved", _("Request to join approved"))
TEAM_REQUEST_DECLINED = _project_verb("team.request_declined", _("Request to join declined"))
TEAM_LEFT = _project_verb("team.left", _("Left the team"))
TEAM_REMOVED = _project_verb("team.removed", _("Removed from the team"))
TEAM_ROLE_CHANGED = _project_verb("team.role_changed", _("Role on the team changed"))
SHARE_ADDED = _project_verb("share.added", _("Shared output added"))
SHARE_REMOVED = _project_verb("share.removed", _("Shared output removed"))
OUTPUT_ADDED = _project_verb("output.added", _("Output added"))
OUTPUT_REMOVED = _project_verb("output.removed", _("Output removed"))

VERBS: tuple[Verb, ...] = (
    PROJECT_CREATED,
    PROJECT_UPDATED,
    PROJECT_SUBMITTED,
    PROJECT_RESUBMITTED,
    PROJECT_DECIDED,
    PROJECT_WITHDRAWN,
    PROJECT_COMPLETED,
    TEAM_INVITED,
    TEAM_INVITATION_ACCEPTED,
    TEAM_INVITATION_DECLINED,
    TEAM_JOIN_REQUESTED,
    TEAM_REQUEST_APPROVED,
    TEAM_REQUEST_DECLINED,
    TEAM_LEFT,
    TEAM_REMOVED,
    TEAM_ROLE_CHANGED,
    SHARE_ADDED,
    SHARE_REMOVED,
    OUTPUT_ADDED,
    OUTPUT_REMOVED,
)


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
# --- Usage
# Site keys and usage batches are entries about the site; status changes that usage and
# the beat make are entries about the allocation.

SITE_KEY_CREATED = _verb("site_key.created", _("Site key created"))
SITE_KEY_REVOKED = _verb("site_key.revoked", _("Site key revoked"))
USAGE_REPORTED = _verb("usage.reported", _("Usage reported"))
ALLOCATION_EXHAUSTED = _verb("allocation.exhausted", _("Allocation used up"))
ALLOCATION_ACTIVE_AGAIN = _verb("allocation.active_again", _("Allocation active again"))
ALLOCATION_EXPIRED = _verb("allocation.expired", _("Allocation expired"))


def _position(entry: AuditEntry) -> dict[str, Any]:
    from projects.models import Opening

    return {"position_label": label_of(Opening.Position, entry.after.get("position"))}


OPENING_POSTED = audit_verb(
    "opening.posted",
    label=_("Opening posted"),
    template="projects/audit/opening_posted.html",
    present=_position,
)
OPENING_UPDATED = _verb("opening.updated", _("Opening changed"))
OPENING_CLOSED = _verb("opening.closed", _("Opening closed"))
