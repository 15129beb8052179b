"""The events' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in events/templates/events/audit/. The subject of
every entry is the event; a change to someone's registration names them in the context
(`person`, as they named themselves; "" is named when shown) and keeps the status in
`before` and `after`.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from tpc_portal.audit import AuditEntry, Verb, audit_verb, label_of


def _present(entry: AuditEntry) -> Mapping[str, Any]:
    fields = {field.name: field for field in Event._meta.get_fields()}
    return {
        "fields": ", ".join(
            str(getattr(fields[name], "verbose_name", name))
            for name in entry.context.get("fields", [])
            if name in fields
        ),
        "status": label_of(Registration.Status, entry.after.get("status")),
        "old_status": label_of(Registration.Status, entry.before.get("status")),
    }


def _verb(key: str, label) -> Verb:
    return audit_verb(
        key,
        label=label,
        template=f"events/audit/{key.replace('.', '_')}.html",
        present=_present,
    )


EVENT_CREATED = _verb("event.created", _("Event created"))
EVENT_CHANGED = _verb("event.changed", _("Event changed"))
EVENT_PUBLISHED = _verb("event.published", _("Event published"))
EVENT_CANCELLED = _verb("event.cancelled", _("Event cancelled"))
REGISTRATION_CLOSED = _verb("event.registration_closed", _("Registration closed"))
MESSAGE_SENT = _verb("event.message_sent", _("Message sent to the registrants"))
REGISTERED = _verb("registration.created", _("Registered for an event"))
CANCELLED = _verb("registration.cancelled", _("Registration cancelled"))
PROMOTED = _verb("registration.promoted", _("Moved up from the waitlist"))
DECIDED = _verb("registration.decided", _("Application answered"))
CHECKED_IN = _verb("registration.checked_in", _("Checked in"))
