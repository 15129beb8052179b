"""The projects' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in projects/templates/projects/audit/.
An entry's subject is the project.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from tpc_portal.audit import AuditEntry, Verb, audit_verb, label_of


def _verb(key: str, label) -> Verb:
    return audit_verb(key, label=label, template=f"projects/audit/{key.replace('.', '_')}.html")


# --- Projects, team and proposals


# --- Similar work and openings


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
