"""Pieces every steering service uses: the audit entry, the transition check, validation."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from steering.models import AuditEntry, Case, Seat
from tpc_portal.errors import ApplicationError

__all__ = [
    "InvalidTransition",
    "audit",
    "require",
    "transition_check",
    "validated",
]


class InvalidTransition(ApplicationError):
    """A case asked to move where Case.STATUS_TRANSITIONS does not allow."""


def audit(
    action: str,
    *,
    actor: User | None,
    case: Case | None = None,
    seat: Seat | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record a change in the audit trail, inside the caller's transaction."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        case=case,
        seat=seat,
        before=dict(before or {}),
        after=dict(after or {}),
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
