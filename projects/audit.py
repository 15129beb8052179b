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


# --- Usage
# Site keys and usage batches are entries about the site; status changes that usage and
# the beat make are entries about the allocation.

SITE_KEY_CREATED = _verb("site_key.created", _("Site key created"))
SITE_KEY_REVOKED = _verb("site_key.revoked", _("Site key revoked"))
USAGE_REPORTED = _verb("usage.reported", _("Usage reported"))
ALLOCATION_EXHAUSTED = _verb("allocation.exhausted", _("Allocation used up"))
ALLOCATION_ACTIVE_AGAIN = _verb("allocation.active_again", _("Allocation active again"))
ALLOCATION_EXPIRED = _verb("allocation.expired", _("Allocation expired"))
