"""The working groups' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in workinggroups/templates/workinggroups/audit/.
An entry's subject is the group, or the meeting for a change to a meeting.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from tpc_portal.audit import AuditEntry, Verb, audit_verb
from workinggroups.models import WorkingGroup


def _verb(key: str, label) -> Verb:
    return audit_verb(
        key, label=label, template=f"workinggroups/audit/{key.replace('.', '_')}.html"
    )


# --- Groups and membership
# The subject is the group; the context names it (`group`) and, for a change to someone's
# membership, the person (`person`, as they named themselves; "" is named when shown).


def _fields_changed(entry: AuditEntry) -> Mapping[str, Any]:
    """The names of the group's fields that changed, in the reader's language."""
    names = [
        str(WorkingGroup._meta.get_field(name).verbose_name)
        for name in entry.context.get("fields", [])
        if name in {field.name for field in WorkingGroup._meta.get_fields()}
    ]
    return {"fields": ", ".join(names)}


GROUP_PROPOSED = _verb("group.proposed", _("Working group proposed"))
GROUP_ACTIVATED = _verb("group.activated", _("Working group chartered"))
GROUP_DECLINED = _verb("group.declined", _("Working group not chartered"))
GROUP_CLOSED = _verb("group.closed", _("Working group closed"))
GROUP_UPDATED = audit_verb(
    "group.updated",
    label=_("Working group changed"),
    template="workinggroups/audit/group_updated.html",
    present=_fields_changed,
)
MEMBERSHIP_JOINED = _verb("membership.joined", _("Joined a working group"))
MEMBERSHIP_REQUESTED = _verb("membership.requested", _("Asked to join a working group"))
MEMBERSHIP_APPROVED = _verb("membership.approved", _("Request to join approved"))
MEMBERSHIP_DECLINED = _verb("membership.declined", _("Request to join declined"))
MEMBERSHIP_LEFT = _verb("membership.left", _("Left a working group"))
MEMBERSHIP_REMOVED = _verb("membership.removed", _("Removed from a working group"))
LEAD_ADDED = _verb("lead.added", _("Lead added"))
LEAD_REMOVED = _verb("lead.removed", _("Lead stepped down"))


# --- Meetings and series


# --- Minutes, attendance, action items and documents
