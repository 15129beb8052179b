"""The working groups' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in workinggroups/templates/workinggroups/audit/.
An entry's subject is the group, or the meeting for a change to a meeting.
"""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from tpc_portal.audit import Verb, audit_verb


def _verb(key: str, label) -> Verb:
    return audit_verb(
        key, label=label, template=f"workinggroups/audit/{key.replace('.', '_')}.html"
    )


# --- Groups and membership


# --- Meetings and series


# --- Minutes, attendance, action items and documents
