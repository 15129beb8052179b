"""Pieces every projects service uses: the one way to lock and move a project, the audit
entry, permission and validation."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from projects.models import Project, TeamMember
from projects.permissions import forget_places
from steering.models import Case
from tpc_portal.audit import AuditEntry, Verb, audit_record
from tpc_portal.errors import ApplicationError

__all__ = [
    "InvalidTransition",
    "forget_places",
    "place_of",
    "project_locked",
    "project_move",
    "record",
    "require",
    "transition_check",
    "validated",
]


class InvalidTransition(ApplicationError):
    """A project asked to move where Project.TRANSITIONS does not allow."""


def record(
    verb: Verb,
    *,
    actor: User | None,
    project: Project,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record a change to a project in the portal's audit trail, inside the caller's
    transaction (the entry's subject is the project)."""
    return audit_record(
        actor=actor, subject=project, verb=verb, before=before, after=after, context=context
    )


def transition_check(project: Project, to: str) -> None:
    """Refuse, with a message a person understands, a change the state machine forbids."""
    if to not in Project.TRANSITIONS[project.status]:
        raise InvalidTransition(
            _("A project that is %(old)s cannot become %(new)s.")
            % {
                "old": Project.Status(project.status).label.lower(),
                "new": Project.Status(to).label.lower(),
            },
            errors={"status": [_("Not an allowed change.")]},
        )


@contextmanager
def project_locked(project: Project) -> Iterator[Project]:
    """A transaction in which the project's row is locked and read afresh: every change to
    a project's status or team, and every check that must hold while it is made (one PI at
    least), happens inside one.

    An open case about the project is locked first: steering's services lock a case, then
    call back its subject (a decision, a withdrawal), so taking the two in the same order
    here means that a team change and the committee's decision wait for each other
    instead of deadlocking.
    """
    with transaction.atomic():
        list(project.cases.select_for_update().filter(status__in=Case.OPEN_STATUSES))
        yield Project.objects.select_for_update().get(pk=project.pk)


def project_move(
    project: Project,
    to: str,
    *,
    actor: User | None,
    verb: Verb,
    after: Mapping[str, Any] | None = None,
) -> Project:
    """Move a locked project (project_locked) to status `to`: the one way a project changes
    status. Refuses a move Project.TRANSITIONS does not allow; saves the status and the
    time; records `verb` with the statuses from and to (and `after`)."""
    transition_check(project, to)
    before = {"status": project.status}
    project.status = to
    project.updated = timezone.now()
    project.save(update_fields=["status", "updated"])
    record(verb, actor=actor, project=project, before=before, after={"status": to, **(after or {})})
    return project


def place_of(project: Project, user: User) -> TeamMember | None:
    """The person's place on the team as the database has it now (services decide on
    this, never on what a page remembered)."""
    return TeamMember.objects.filter(project=project, user=user).first()


def require(allowed: bool) -> None:
    """Services check permission too: a view that forgot to is refused here."""
    if not allowed:
        raise PermissionDenied
