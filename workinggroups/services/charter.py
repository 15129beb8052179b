"""What the steering committee's decision on a working-group charter does to the group.

Registered for Case.Kind.CHARTER in WorkinggroupsConfig.ready() (steering/subjects.py):
steering calls these inside the transaction of the decision or the withdrawal, and an
ApplicationError raised here refuses the decision, nothing saved.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.membership import is_confirmed_member
from members.models import User
from steering.models import Case, Decision
from tpc_portal.errors import ApplicationError
from workinggroups import audit
from workinggroups.models import Membership, WorkingGroup
from workinggroups.permissions import forget_roles
from workinggroups.services.groups import group_locked, group_move, group_record


def working_group_apply_decision(group: WorkingGroup, decision: Decision) -> None:
    """Approved: the group becomes active (chartered now) and its proposer its first lead.
    Rejected: the group is not chartered (declined); it stays on record with its case.
    Revision requested: the group stays proposed while the proposer revises.

    An approval is refused (nothing saved) when the proposer is no longer a confirmed
    member of the consortium: an active group always has a lead, and a lead is a member.
    """
    with group_locked(group) as locked:
        if decision.outcome == Decision.Outcome.APPROVED:
            proposer = locked.proposer
            if not is_confirmed_member(proposer):
                raise ApplicationError(
                    _(
                        "%(person)s, who proposed the group, is not a confirmed member of the "
                        "consortium any more and cannot lead it. Request a revision or reject "
                        "the charter."
                    )
                    % {"person": proposer}
                )
            group_move(locked, WorkingGroup.Status.ACTIVE)
            locked.activated = timezone.now()
            locked.save(update_fields=["status", "activated"])
            Membership.objects.update_or_create(
                group=locked,
                user=proposer,
                defaults={"role": Membership.Role.LEAD, "status": Membership.Status.ACTIVE},
            )
            forget_roles(proposer)
            group_record(
                audit.GROUP_ACTIVATED,
                actor=decision.decided_by,
                group=locked,
                person=proposer,
                before={"status": WorkingGroup.Status.PROPOSED},
                after={"status": locked.status, "decision": decision.pk},
            )
        elif decision.outcome == Decision.Outcome.REJECTED:
            _decline(locked, actor=decision.decided_by, reason="rejected")


def working_group_apply_withdrawal(group: WorkingGroup, case: Case) -> None:
    """The proposer withdrew the charter: the group is not chartered."""
    with group_locked(group) as locked:
        _decline(locked, actor=case.submitter, reason="withdrawn")


def _decline(group: WorkingGroup, *, actor: User, reason: str) -> None:
    group_move(group, WorkingGroup.Status.DECLINED)
    group.save(update_fields=["status"])
    group_record(
        audit.GROUP_DECLINED,
        actor=actor,
        group=group,
        before={"status": WorkingGroup.Status.PROPOSED},
        after={"status": group.status},
        reason=reason,
    )
