"""Pieces every steering service uses: the audit entry, the transition check, validation."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from steering.models import Case, Seat
from tpc_portal.audit import AuditEntry, Verb, audit_record
from tpc_portal.errors import ApplicationError

__all__ = [
    "InvalidTransition",
    "record",
    "require",
    "transition_check",
    "validated",
]


class InvalidTransition(ApplicationError):
    """A case asked to move where Case.STATUS_TRANSITIONS does not allow."""


def record(
    verb: Verb,
    *,
    actor: User | None,
    case: Case | None = None,
    seat: Seat | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record a change in the portal's audit trail, inside the caller's transaction.

    The entry's subject is the case, or the seat for a change to a seat outside any case;
    the seat it concerns is named in its context, for the sentence (steering/audit.py).
    """
    subject = case if case is not None else seat
    if subject is None:
        raise ValueError("A steering audit entry is about a case or a seat.")
    context = {"seat": seat.institution.name, "seat_id": seat.pk} if seat is not None else {}
    return audit_record(
        actor=actor, subject=subject, verb=verb, before=before, after=after, context=context
    )


def transition_check(case: Case, to: str) -> None:
    """Refuse, with a message a person understands, a change the state machine forbids."""
    if to not in Case.STATUS_TRANSITIONS[case.status]:
        raise InvalidTransition(
            _("A case that is %(old)s cannot become %(new)s.")
            % {
                "old": Case.Status(case.status).label.lower(),
                "new": Case.Status(to).label.lower(),
            },
            errors={"status": [_("Not an allowed change.")]},
        )


def require(allowed: bool) -> None:
    """Services check permission too: a view that forgot to is refused here."""
    if not allowed:
        raise PermissionDenied
