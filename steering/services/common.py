"""Pieces every steering service uses: the one way to lock and move a case, the audit
entry, validation."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from steering import selectors
from steering.models import Case, Seat
from tpc_portal.audit import AuditEntry, Verb, audit_record
from tpc_portal.errors import ApplicationError

__all__ = [
    "InvalidTransition",
    "case_locked",
    "case_move",
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


@contextmanager
def case_locked(case: Case) -> Iterator[Case]:
    """A transaction in which the case's row is locked and read afresh: every change to a
    case, and every check that must hold while it is made, happens inside one.

    What was remembered about the case (recusal, its ballot, reviews: selectors.remembered)
    is forgotten as the block starts and ends, on the caller's copy and the locked one, so
    that no reader after the change sees the state before it.
    """
    with transaction.atomic():
        selectors.forget(case)
        locked = Case.objects.select_for_update().get(pk=case.pk)
        try:
            yield locked
        finally:
            selectors.forget(locked)
            selectors.forget(case)


def case_move(
    case: Case,
    to: str,
    *,
    actor: User | None,
    verb: Verb,
    after: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Case:
    """Move a locked case (case_locked) to status `to`: the one way a case changes status.

    Refuses a move that Case.STATUS_TRANSITIONS does not allow; saves the status, `fields`
    and the time of the change; records `verb` with the statuses from and to (and `after`).
    """
    transition_check(case, to)
    before = {"status": case.status}
    case.status = to
    case.updated_at = timezone.now()
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=["status", "updated_at", *(f for f in fields if f != "updated_at")])
    record(verb, actor=actor, case=case, before=before, after={"status": to, **(after or {})})
    return case


def require(allowed: bool) -> None:
    """Services check permission too: a view that forgot to is refused here."""
    if not allowed:
        raise PermissionDenied
