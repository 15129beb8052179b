"""The working groups' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in workinggroups/templates/workinggroups/audit/.
An entry's subject is the group, or the meeting for a change to a meeting.
"""

from django.utils.translation import gettext_lazy as _

from tpc_portal.audit import Verb, audit_verb


def _verb(key: str, label) -> Verb:
    return audit_verb(
        key, label=label, template=f"workinggroups/audit/{key.replace('.', '_')}.html"
    )


# --- Groups and membership


# --- Meetings and series


# --- Minutes, attendance, action items and documents
# The meeting is the subject of minutes and attendance entries, the group of action items'
# and documents' (the item or document is named in the context: it may be gone since).
MINUTES_SAVED = _verb("minutes.saved", _("Minutes saved"))
MINUTES_PUBLISHED = _verb("minutes.published", _("Minutes published"))
MINUTES_APPROVED = _verb("minutes.approved", _("Minutes approved"))
ATTENDANCE_RECORDED = _verb("attendance.recorded", _("Attendance recorded"))
ACTION_CREATED = _verb("action.created", _("Action item created"))
ACTION_UPDATED = _verb("action.updated", _("Action item changed"))
ACTION_DONE = _verb("action.done", _("Action item done"))
ACTION_REOPENED = _verb("action.reopened", _("Action item reopened"))
DOCUMENT_ADDED = _verb("document.added", _("Document added"))
DOCUMENT_REMOVED = _verb("document.removed", _("Document removed"))
