"""Who is in a working group: joining, asking to join, the leads' answers, leaving, removal,
and the leads themselves.

The one-lead invariant: an active group always has at least one lead. The last lead cannot
leave, be removed or step down; they name another lead first. Every service here runs on
the group's locked row (groups.group_locked), so two leads who leave, or demote each other,
at the same moment queue, and the second is refused once the first is done.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from members.membership import is_confirmed_member
from members.models import User
from members.services.common import validated
from notifications.services import notify
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name
from workinggroups import audit
from workinggroups.models import Membership, WorkingGroup
from workinggroups.notices import JOIN_APPROVED, JOIN_DECLINED, JOIN_REQUESTED, MADE_LEAD
from workinggroups.permissions import forget_roles
from workinggroups.services.groups import group_locked, group_record, require_manager


class LastLeadError(ApplicationError):
    """The change would leave an active group without a lead."""


def _last_lead_refusal() -> LastLeadError:
    return LastLeadError(_("Name another lead first: a group always has at least one lead."))


def _keep_a_lead(group: WorkingGroup, membership: Membership) -> None:
    """Refuse a change that would leave an active group without a lead (`membership`, a
    lead, is leaving, removed or stepping down)."""
    if group.status != WorkingGroup.Status.ACTIVE or membership.role != Membership.Role.LEAD:
        return
    others = group.memberships.filter(
        role=Membership.Role.LEAD, status=Membership.Status.ACTIVE
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise _last_lead_refusal()


def _leads(group: WorkingGroup) -> list[User]:
    return list(
        User.objects.filter(
            group_memberships__group=group,
            group_memberships__role=Membership.Role.LEAD,
            group_memberships__status=Membership.Status.ACTIVE,
        ).select_related("profile")
    )


def _fresh(group: WorkingGroup, membership: Membership) -> Membership:
    """The membership as it is now, in the locked group; refused when it is gone (another lead
    answered the request, or the person left)."""
    current = (
        Membership.objects.filter(pk=membership.pk, group=group)
        .select_related("user__profile")
        .first()
    )
    if current is None:
        raise membership_gone()
    return current


def membership_gone() -> ApplicationError:
    """The refusal when a lead acts on someone who is no longer there."""
    return ApplicationError(
        _("This person is not in the group any more, or their request was already answered.")
    )


def _active_group(group: WorkingGroup) -> None:
    if group.status != WorkingGroup.Status.ACTIVE:
        raise ApplicationError(
            _("%(group)s is %(status)s: its members do not change.")
            % {"group": group.name, "status": WorkingGroup.Status(group.status).label.lower()}
        )


def _members_page(group: WorkingGroup) -> str:
    return reverse("workinggroups:members", args=[group.slug])


def _group_page(group: WorkingGroup) -> str:
    return reverse("workinggroups:group", args=[group.slug])


# --- Joining ----------------------------------------------------------------------------------


def membership_join(*, group: WorkingGroup, actor: User, message: str = "") -> Membership:
    """A confirmed member joins an active group: at once when its policy is open; under the
    approval policy their request waits (pending, with their message) and the group's
    leads are told.

    Guarantees: only confirmed members, only active groups; one membership (or request)
    per person and group; audited as joined or requested.
    """
    if not is_confirmed_member(actor):
        raise ApplicationError(
            _(
                "Working groups are open to confirmed members of the consortium: ask your "
                "institution to confirm your affiliation first."
            )
        )
    with group_locked(group) as locked:
        _active_group(locked)
        mine = locked.memberships.filter(user=actor).first()
        if mine is not None:
            raise ApplicationError(
                _("You already asked to join this group.")
                if mine.status == Membership.Status.PENDING
                else _("You are already a member of this group.")
            )
        is_open = locked.join_policy == WorkingGroup.JoinPolicy.OPEN
        membership = Membership(
            group=locked,
            user=actor,
            role=Membership.Role.MEMBER,
            status=Membership.Status.ACTIVE if is_open else Membership.Status.PENDING,
            message="" if is_open else message.strip(),
        )
        validated(membership, exclude=["group", "user"])
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError as error:  # the same person's second click, in between
            raise ApplicationError(_("You are already in this group.")) from error
        group_record(
            audit.MEMBERSHIP_JOINED if is_open else audit.MEMBERSHIP_REQUESTED,
            actor=actor,
            group=locked,
            person=actor,
            after={"status": membership.status},
        )
        if not is_open:
            notify(
                _leads(locked),
                JOIN_REQUESTED,
                context={
                    "group": locked.name,
                    "person": given_name(actor),
                    "message": membership.message,
                },
                link=_members_page(locked),
                actor=actor,
            )
    forget_roles(actor)
    return membership


def membership_approve(*, membership: Membership, actor: User) -> Membership:
    """A lead (or staff with a second factor) approves a request to join: the person becomes
    a member and is told.

    Guarantees: only a pending request of an active group; only a person who is still a
    confirmed member; answered once, whichever of the leads answers first; audited.
    """
    with group_locked(membership.group) as group:
        require_manager(actor, group)
        _active_group(group)
        current = _fresh(group, membership)
        if current.status != Membership.Status.PENDING:
            raise ApplicationError(_("%(person)s is already a member.") % {"person": current.user})
        if not is_confirmed_member(current.user):
            raise ApplicationError(
                _(
                    "%(person)s is not a confirmed member of the consortium any more: decline "
                    "the request."
                )
                % {"person": current.user}
            )
        current.status = Membership.Status.ACTIVE
        current.save(update_fields=["status"])
        group_record(
            audit.MEMBERSHIP_APPROVED,
            actor=actor,
            group=group,
            person=current.user,
            before={"status": Membership.Status.PENDING},
            after={"status": current.status},
        )
        notify(
            [current.user],
            JOIN_APPROVED,
            context={"group": group.name},
            link=_group_page(group),
            actor=actor,
        )
    forget_roles(current.user)
    return current


def membership_decline(*, membership: Membership, actor: User, reason: str = "") -> None:
    """A lead (or staff with a second factor) declines a request to join: the request is gone
    (the audit trail keeps it) and the person is told, with the reason if one is given."""
    with group_locked(membership.group) as group:
        require_manager(actor, group)
        current = _fresh(group, membership)
        if current.status != Membership.Status.PENDING:
            raise ApplicationError(
                _("%(person)s is already a member: remove them instead.") % {"person": current.user}
            )
        current.delete()
        group_record(
            audit.MEMBERSHIP_DECLINED,
            actor=actor,
            group=group,
            person=current.user,
            before={"status": Membership.Status.PENDING},
            reason=reason.strip()[:1000],
        )
        notify(
            [current.user],
            JOIN_DECLINED,
            context={"group": group.name, "reason": reason.strip()[:1000]},
            link=_group_page(group),
            actor=actor,
        )
    forget_roles(current.user)


# --- Leaving and removal ----------------------------------------------------------------------


def membership_leave(*, group: WorkingGroup, actor: User) -> None:
    """The person leaves the group (or takes back their request to join).

    Guarantees: the last lead of an active group cannot leave (they name another lead
    first); audited.
    """
    with group_locked(group) as locked:
        mine = locked.memberships.filter(user=actor).first()
        if mine is None:
            raise ApplicationError(_("You are not a member of this group."))
        _keep_a_lead(locked, mine)
        mine.delete()
        group_record(
            audit.MEMBERSHIP_LEFT,
            actor=actor,
            group=locked,
            person=actor,
            before={"status": mine.status, "role": mine.role},
        )
    forget_roles(actor)


def membership_remove(*, membership: Membership, actor: User) -> None:
    """A lead (or staff with a second factor) removes someone from the group.

    Guarantees: a member or a lead, never the last lead of an active group; a request to
    join is declined, not removed; audited.
    """
    with group_locked(membership.group) as group:
        require_manager(actor, group)
        current = _fresh(group, membership)
        if current.status == Membership.Status.PENDING:
            raise ApplicationError(
                _("%(person)s asked to join: decline the request instead.")
                % {"person": current.user}
            )
        _keep_a_lead(group, current)
        current.delete()
        group_record(
            audit.MEMBERSHIP_REMOVED,
            actor=actor,
            group=group,
            person=current.user,
            before={"status": current.status, "role": current.role},
        )
    forget_roles(current.user)


# --- Leads ------------------------------------------------------------------------------------


def lead_add(*, membership: Membership, actor: User) -> Membership:
    """A lead (or staff with a second factor) makes a member of an active group a lead too;
    the new lead is told."""
    with group_locked(membership.group) as group:
        require_manager(actor, group)
        _active_group(group)
        current = _fresh(group, membership)
        if current.status != Membership.Status.ACTIVE:
            raise ApplicationError(
                _("%(person)s asked to join: approve the request first.") % {"person": current.user}
            )
        if current.role == Membership.Role.LEAD:
            raise ApplicationError(_("%(person)s is already a lead.") % {"person": current.user})
        current.role = Membership.Role.LEAD
        current.save(update_fields=["role"])
        group_record(
            audit.LEAD_ADDED,
            actor=actor,
            group=group,
            person=current.user,
            before={"role": Membership.Role.MEMBER},
            after={"role": current.role},
        )
        notify(
            [current.user],
            MADE_LEAD,
            context={"group": group.name},
            link=_members_page(group),
            actor=actor,
        )
    forget_roles(current.user)
    return current


def lead_remove(*, membership: Membership, actor: User) -> Membership:
    """A lead (or staff with a second factor) makes a lead a member again (themself
    included: stepping down).

    Guarantees: never the last lead of an active group; audited.
    """
    with group_locked(membership.group) as group:
        require_manager(actor, group)
        current = _fresh(group, membership)
        if current.role != Membership.Role.LEAD:
            raise ApplicationError(_("%(person)s is not a lead.") % {"person": current.user})
        _keep_a_lead(group, current)
        current.role = Membership.Role.MEMBER
        current.save(update_fields=["role"])
        group_record(
            audit.LEAD_REMOVED,
            actor=actor,
            group=group,
            person=current.user,
            before={"role": Membership.Role.LEAD},
            after={"role": current.role},
        )
    forget_roles(current.user)
    return current
