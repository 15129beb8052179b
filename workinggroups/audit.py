"""The working groups' verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in workinggroups/templates/workinggroups/audit/.
An entry's subject is the group, or the meeting for a change to a meeting.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from tpc_portal.audit import AuditEntry, Verb, audit_verb
from workinggroups.models import Meeting, WorkingGroup
from workinggroups.recurrence_words import describe_rule


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
# The subject is the meeting (or the series, for a change to a whole series); times are
# stored as ISO strings with the organiser's zone in `context.time_zone`.


def _changed_fields(entry: AuditEntry) -> dict[str, Any]:
    names = [
        str(Meeting._meta.get_field(name).verbose_name) for name in entry.context.get("changed", [])
    ]
    return {"changed": ", ".join(names)}


def _series_words(entry: AuditEntry) -> dict[str, Any]:
    before, after = entry.before.get("rule"), entry.after.get("rule")
    return {
        "repeats": describe_rule(after) if after else "",
        "before_repeats": describe_rule(before) if before else "",
    }


def _meeting_verb(key: str, label, present=None) -> Verb:
    return audit_verb(
        key,
        label=label,
        template=f"workinggroups/audit/{key.replace('.', '_')}.html",
        present=present,
    )


MEETING_SCHEDULED = _verb("meeting.scheduled", _("Meeting scheduled"))
MEETING_RESCHEDULED = _verb("meeting.rescheduled", _("Meeting moved"))
MEETING_UPDATED = _meeting_verb("meeting.updated", _("Meeting changed"), _changed_fields)
MEETING_CANCELLED = _verb("meeting.cancelled", _("Meeting cancelled"))
MEETING_HELD = _verb("meeting.held", _("Meeting held"))
SERIES_CREATED = _meeting_verb("series.created", _("Meeting series created"), _series_words)
SERIES_CHANGED = _meeting_verb("series.changed", _("Meeting series changed"), _series_words)
SERIES_SPLIT = _verb("series.split", _("Meeting series changed from a date on"))


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
