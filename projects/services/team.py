"""A project's team: invitations, roles, leaving and removal (requests to join are
team_requests.py's, on the same helpers).

The one-PI invariant: a project always has at least one active PI. Every change that could
break it (leaving, removal, a role change) locks the project's row first, then decides who
may act and counts the PIs inside that transaction, so that two PIs demoting each other at
once cannot leave the project without one. Only confirmed members of a member institution
join a team.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.membership import forget_membership, is_confirmed_member
from members.models import Institution, Profile, User
from notifications.services import notify
from projects import audit, notices
from projects.models import Project, TeamMember
from projects.permissions import CLOSED_STATUSES
from projects.selectors import project_case, team_people
from projects.services.common import (
    forget_places,
    place_of,
    project_locked,
    record,
    require,
    validated,
)
from steering import services as steering
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name

Role, Status = TeamMember.Role, TeamMember.Status
LEADS = (Role.PI, Role.CO_PI)


def _institution_of(user: User) -> Institution | None:
    profile = Profile.objects.filter(user=user).select_related("institution").first()
    return profile.institution if profile is not None else None


def _confirmed(user: User) -> None:
    """People from outside the consortium are refused, with the reason."""
    forget_membership(user)
    if not is_confirmed_member(user):
        raise ApplicationError(
            _(
                "%(person)s is not a confirmed member of a member institution: only "
                "confirmed members join project teams."
            )
            % {"person": given_name(user) or _("This person")},
            errors={"user": [_("Not a confirmed member of the consortium.")]},
        )


def _open(project: Project) -> None:
    if project.status in CLOSED_STATUSES:
        raise ApplicationError(
            _("The team of a project that is %(status)s no longer changes.")
            % {"status": Project.Status(project.status).label.lower()}
        )


def _role(role: str) -> str:
    if role not in Role.values:
        raise ApplicationError(_("Choose a role."), errors={"role": [_("Choose a role.")]})
    return role


def _active_role(project: Project, user: User) -> str | None:
    place = place_of(project, user)
    return place.role if place is not None and place.status == Status.ACTIVE else None


def _require_lead(project: Project, actor: User, *, role: str | None = None) -> str:
    """The actor leads the project (PI or co-PI); giving or taking the PI role, or acting on
    a PI or co-PI, is the PI's alone."""
    mine = _active_role(project, actor)
    require(mine in LEADS)
    if role in LEADS and mine != Role.PI:
        raise ApplicationError(
            _("Only the PI gives or takes the roles of PI and co-PI."),
            errors={"role": [_("Not yours to give.")]},
        )
    return str(mine)


def _other_pis(project: Project, place: TeamMember) -> int:
    return (
        TeamMember.objects.filter(project=project, role=Role.PI, status=Status.ACTIVE)
        .exclude(pk=place.pk)
        .count()
    )


def _keep_a_pi(project: Project, place: TeamMember) -> None:
    """Refuse a change that would leave the project without an active PI."""
    if place.role == Role.PI and place.status == Status.ACTIVE and not _other_pis(project, place):
        raise ApplicationError(
            _(
                "A project always has a PI. Make another member of the team PI first, then "
                "try again."
            ),
            errors={"role": [_("The project's only PI.")]},
        )


def _link(project: Project, *, team: bool = False) -> str:
    name = "projects:team" if team else "projects:project"
    return reverse(name, args=[project.slug])


def _joined(project: Project, place: TeamMember, actor: User) -> None:
    """Someone is on the team now: the team hears of it, and while the committee reviews
    the project a new institution is involved in its case (its seat recused)."""
    others = [person for person in team_people(project) if person.pk != place.user_id]
    notify(
        others,
        notices.TEAM_MEMBER_JOINED,
        context={"project": project.title, "person": given_name(place.user), "role": place.role},
        link=_link(project),
        actor=place.user,
    )
    case = project_case(project)
    if case is not None and case.is_open and place.institution is not None:
        steering.case_institutions_add(case=case, institutions=[place.institution], actor=actor)


def team_invite(
    *, project: Project, actor: User, user: User, role: str = Role.MEMBER, message: str = ""
) -> TeamMember:
    """The PI or a co-PI invites a confirmed member to the team, with a role; they are told,
    and accept or decline. Guarantees: nobody is invited twice or while already on the
    team or asking to join; only the PI invites another PI or a co-PI."""
    role = _role(role)
    _confirmed(user)
    with project_locked(project) as locked:
        _require_lead(locked, actor, role=role)
        _open(locked)
        existing = place_of(locked, user)
        if existing is not None:
            already = {
                Status.ACTIVE.value: _("%(person)s is on the team already."),
                Status.INVITED.value: _("%(person)s is invited already."),
                Status.REQUESTED.value: _(
                    "%(person)s asked to join already: approve their request instead."
                ),
            }
            raise ApplicationError(
                already[existing.status] % {"person": given_name(user) or _("This person")},
                errors={"user": [_("Already on the team or invited.")]},
            )
        place = TeamMember(
            project=locked,
            user=user,
            role=role,
            status=Status.INVITED,
            institution=_institution_of(user),
            message=message.strip(),
            invited_by=actor,
            created=timezone.now(),
        )
        validated(place, exclude=["project", "user", "institution", "invited_by"])
        place.save()
        record(
            audit.TEAM_INVITED,
            actor=actor,
            project=locked,
            after={"role": role},
            context={"person": given_name(user), "user_id": user.pk},
        )
        notify(
            [user],
            notices.TEAM_INVITED,
            context={
                "project": locked.title,
                "inviter": given_name(actor),
                "role": role,
                "message": place.message,
            },
            link=_link(locked),
            actor=actor,
        )
    forget_places(user)
    return place


def _own_invitation(place: TeamMember, actor: User) -> None:
    require(place.user_id == actor.pk)
    if place.status != Status.INVITED:
        raise ApplicationError(_("There is no invitation to answer: it was withdrawn or answered."))


def team_invitation_accept(*, place: TeamMember, actor: User) -> TeamMember:
    """The invited person joins the team with the role they were offered, as a member of
    the institution they belong to now. The team is told."""
    _confirmed(actor)
    with project_locked(place.project) as locked:
        place = TeamMember.objects.select_related("user").get(pk=place.pk)
        _own_invitation(place, actor)
        _open(locked)
        place.status = Status.ACTIVE
        place.institution = _institution_of(actor)
        place.save(update_fields=["status", "institution"])
        record(
            audit.TEAM_INVITATION_ACCEPTED,
            actor=actor,
            project=locked,
            after={"role": place.role},
            context={"person": given_name(actor), "user_id": actor.pk},
        )
        _joined(locked, place, actor)
    forget_places(actor)
    return place


def team_invitation_decline(*, place: TeamMember, actor: User) -> None:
    """The invited person says no; the invitation is gone (the audit trail keeps it)."""
    with project_locked(place.project) as locked:
        place = TeamMember.objects.get(pk=place.pk)
        _own_invitation(place, actor)
        record(
            audit.TEAM_INVITATION_DECLINED,
            actor=actor,
            project=locked,
            before={"role": place.role},
            context={"person": given_name(actor), "user_id": actor.pk},
        )
        place.delete()
    forget_places(actor)


def team_leave(*, place: TeamMember, actor: User) -> None:
    """A person leaves the team (or takes back their request to join). The project's only
    PI cannot: they hand the role on first."""
    require(place.user_id == actor.pk)
    with project_locked(place.project) as locked:
        place = TeamMember.objects.get(pk=place.pk)
        if place.status == Status.INVITED:
            raise ApplicationError(_("Decline the invitation instead."))
        _keep_a_pi(locked, place)
        record(
            audit.TEAM_LEFT,
            actor=actor,
            project=locked,
            before={"role": place.role, "status": place.status},
            context={"person": given_name(actor), "user_id": actor.pk},
        )
        place.delete()
    forget_places(actor)


def team_remove(*, place: TeamMember, actor: User) -> None:
    """The PI or a co-PI removes someone from the team, or withdraws an invitation. Only
    the PI removes a PI or a co-PI; the project's only PI is never removed."""
    if place.user_id == actor.pk:
        raise ApplicationError(_("To leave the team, use “Leave the team”."))
    with project_locked(place.project) as locked:
        place = TeamMember.objects.select_related("user").get(pk=place.pk)
        _require_lead(locked, actor, role=place.role)
        _open(locked)
        _keep_a_pi(locked, place)
        record(
            audit.TEAM_REMOVED,
            actor=actor,
            project=locked,
            before={"role": place.role, "status": place.status},
            context={"person": given_name(place.user), "user_id": place.user_id},
        )
        place.delete()
    forget_places(place.user)


def team_role_change(*, place: TeamMember, actor: User, role: str) -> TeamMember:
    """The PI or a co-PI changes someone's role on the team. Only the PI gives or takes the
    PI and co-PI roles; the project's only PI keeps theirs until there is another."""
    role = _role(role)
    with project_locked(place.project) as locked:
        place = TeamMember.objects.select_related("user").get(pk=place.pk)
        _require_lead(locked, actor, role=role)
        _require_lead(locked, actor, role=place.role)
        _open(locked)
        if place.status != Status.ACTIVE:
            raise ApplicationError(_("Roles are changed for people on the team."))
        if place.role == role:
            return place
        if role != Role.PI:
            _keep_a_pi(locked, place)
        before = place.role
        place.role = role
        place.save(update_fields=["role"])
        record(
            audit.TEAM_ROLE_CHANGED,
            actor=actor,
            project=locked,
            before={"role": before},
            after={"role": role},
            context={"person": given_name(place.user), "user_id": place.user_id},
        )
    forget_places(place.user)
    forget_places(actor)
    return place
