"""The members app's verbs in the portal's audit trail (tpc_portal/audit.py).

Entries name the institution and the person they concern in their context, as the sentence
shows them (names as the portal names people, never an address); their statuses are put
into words when shown.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from members.models import Institution
from tpc_portal.audit import AuditEntry, Verb, audit_verb, label_of


def _statuses(entry: AuditEntry) -> Mapping[str, Any]:
    return {
        "old": label_of(Institution.Status, entry.before.get("status")),
        "new": label_of(Institution.Status, entry.after.get("status")),
    }


def _verb(key: str, label, **kwargs: Any) -> Verb:
    return audit_verb(
        key, label=label, template=f"members/audit/{key.replace('.', '_')}.html", **kwargs
    )


AFFILIATION_CONFIRMED = _verb("affiliation.confirmed", _("Affiliation confirmed"))
AFFILIATION_DECLINED = _verb("affiliation.declined", _("Affiliation declined"))
INSTITUTION_STATUS_CHANGED = _verb(
    "institution.status_changed", _("Institution status changed"), present=_statuses
)
INSTITUTION_REPRESENTATIVE_CHANGED = _verb(
    "institution.representative_changed", _("Institution representative changed")
)

VERBS: tuple[Verb, ...] = (
    AFFILIATION_CONFIRMED,
    AFFILIATION_DECLINED,
    INSTITUTION_STATUS_CHANGED,
    INSTITUTION_REPRESENTATIVE_CHANGED,
)
