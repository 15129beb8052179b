"""The projects' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in projects/templates/projects/audit/.
An entry's subject is the project.
"""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from tpc_portal.audit import Verb, audit_verb


def _verb(key: str, label) -> Verb:
    return audit_verb(key, label=label, template=f"projects/audit/{key.replace('.', '_')}.html")


# --- Projects, team and proposals


# --- Similar work and openings
