"""Requests to join a project's team: a confirmed member asks, the PI or a co-PI decides.
The rules they share with invitations (who may join, who decides, what the team is told)
are team.py's."""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from notifications.services import notify
from projects import audit, notices
from projects.models import Project, TeamMember
from projects.selectors import team_people
from projects.services.common import forget_places, place_of, project_locked, record, validated
from projects.services.team import (
    LEADS,
    Role,
    Status,
    _confirmed,
    _institution_of,
    _joined,
    _link,
    _open,
    _require_lead,
    _role,
)
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name


def team_request_join(*, project: Project, actor: User, message: str = "") -> TeamMember:
    """A confirmed member asks to join an active project's team; its PI and co-PIs are
    told, and one of them decides."""
    _confirmed(actor)
    with project_locked(project) as locked:
        if locked.status != Project.Status.ACTIVE:
            raise ApplicationError(_("People ask to join active projects."))
        if place_of(locked, actor) is not None:
            raise ApplicationError(_("You are on this team, invited to it or asked already."))
        place = TeamMember(
            project=locked,
            user=actor,
            role=Role.MEMBER,
            status=Status.REQUESTED,
            institution=_institution_of(actor),
            message=message.strip(),
            created=timezone.now(),
        )
        validated(place, exclude=["project", "user", "institution", "invited_by"])
        place.save()
        record(
            audit.TEAM_JOIN_REQUESTED,
            actor=actor,
            project=locked,
            context={"person": given_name(actor), "user_id": actor.pk},
        )
        notify(
            team_people(locked, roles=LEADS),
            notices.JOIN_REQUESTED,
            context={
                "project": locked.title,
                "person": given_name(actor),
                "message": place.message,
            },
            link=_link(locked, team=True),
            actor=actor,
        )
    forget_places(actor)
    return place


def _request(place: TeamMember) -> TeamMember:
    place = TeamMember.objects.select_related("user").get(pk=place.pk)
    if place.status != Status.REQUESTED:
        raise ApplicationError(_("There is no request to decide: it was withdrawn or decided."))
    return place


def team_request_approve(*, place: TeamMember, actor: User, role: str = Role.MEMBER) -> TeamMember:
    """The PI or a co-PI takes the person who asked onto the team, with a role. They are
    told, and so is the team."""
    role = _role(role)
    with project_locked(place.project) as locked:
        _require_lead(locked, actor, role=role)
        _open(locked)
        place = _request(place)
        _confirmed(place.user)
        place.status = Status.ACTIVE
        place.role = role
        place.institution = _institution_of(place.user)
        place.save(update_fields=["status", "role", "institution"])
        record(
            audit.TEAM_REQUEST_APPROVED,
            actor=actor,
            project=locked,
            after={"role": role},
            context={"person": given_name(place.user), "user_id": place.user_id},
        )
        notify(
            [place.user],
            notices.JOIN_REQUEST_DECIDED,
            context={"project": locked.title, "answer": "approved", "role": role},
            link=_link(locked),
            actor=actor,
        )
        _joined(locked, place, actor)
    forget_places(place.user)
    return place


def team_request_decline(*, place: TeamMember, actor: User, reason: str = "") -> None:
    """The PI or a co-PI declines a request to join; the person is told (with the reason,
    when one is given)."""
    with project_locked(place.project) as locked:
        _require_lead(locked, actor)
        place = _request(place)
        record(
            audit.TEAM_REQUEST_DECLINED,
            actor=actor,
            project=locked,
            context={"person": given_name(place.user), "user_id": place.user_id},
        )
        notify(
            [place.user],
            notices.JOIN_REQUEST_DECIDED,
            context={"project": locked.title, "answer": "declined", "reason": reason.strip()},
            link=_link(locked),
            actor=actor,
        )
        place.delete()
    forget_places(place.user)
