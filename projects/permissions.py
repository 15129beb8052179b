"""Who may do what with projects, their teams, proposals and openings.

Predicates used by views, the API and templates alike (through `rules`), and
fetch-or-refuse helpers. A person's places on every team are read once per request
(`places_of`) and kept on the user object.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.membership import AnyUser
from members.models import Profile
from projects.models import Opening, Project, TeamMember
from tpc_portal.second_factor import is_secure_staff


def places_of(user: AnyUser) -> dict[int, tuple[str, str]]:
    """The person's role and status on each project team they are on, invited to or asked
    to join: project id -> (role, status)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_project_places", None)
    if cached is None:
        cached = {
            project_id: (role, status)
            for project_id, role, status in TeamMember.objects.filter(user=user).values_list(
                "project_id", "role", "status"
            )
        }
        setattr(user, "_project_places", cached)  # noqa: B010 - a cache the stubs do not know
    return cached


def forget_places(user: AnyUser) -> None:
    """After a team changes, the next check asks the database again."""
    if hasattr(user, "_project_places"):
        del user._project_places


def _project_id(project: Project | int) -> int:
    return project if isinstance(project, int) else project.pk


@rules.predicate
def is_on_team(user: AnyUser, project: Project | int) -> bool:
    place = places_of(user).get(_project_id(project))
    return place is not None and place[1] == TeamMember.Status.ACTIVE


@rules.predicate
def is_pi(user: AnyUser, project: Project | int) -> bool:
    return places_of(user).get(_project_id(project)) == (
        TeamMember.Role.PI,
        TeamMember.Status.ACTIVE,
    )


@rules.predicate
def leads_project(user: AnyUser, project: Project | int) -> bool:
    """The PI or a co-PI: they decide who joins and speak for the project."""
    place = places_of(user).get(_project_id(project))
    return place is not None and place in {
        (TeamMember.Role.PI, TeamMember.Status.ACTIVE),
        (TeamMember.Role.CO_PI, TeamMember.Status.ACTIVE),
    }


# --- Similar work and openings


@rules.predicate
def sees_whole_project(user: AnyUser, project: Project) -> bool:
    """Everything a project's page shows, not only that it exists: anyone for an active or
    completed project, its team and the secretariat for the others.

    Similar work names a proposed project to others writing a similar one, but only by its
    title and status, with the words and areas it shares with *their* draft: never its
    team, institutions, summary, goals or page (projects/views/similar.py).
    """
    return (
        project.status in Project.PUBLIC_STATUSES
        or is_on_team(user, project)
        or is_secure_staff(user)
    )


@rules.predicate
def can_post_opening(user: AnyUser, project: Project) -> bool:
    """The PI or a co-PI of an active project."""
    return project.status == Project.Status.ACTIVE and leads_project(user, project)


@rules.predicate
def can_manage_opening(user: AnyUser, opening: Opening) -> bool:
    """The project's PI or a co-PI edit and close its openings; the secretariat closes any."""
    return leads_project(user, opening.project_id) or is_secure_staff(user)


# Career stages whose people openings are for: they may subscribe to new ones.
OPENING_CAREER_STAGES = (Profile.CareerStage.STUDENT, Profile.CareerStage.POSTDOC)


@rules.predicate
def can_subscribe_to_openings(user: AnyUser) -> bool:
    """A signed-in student or postdoc (their profile's career stage says so)."""
    if not user.is_authenticated:
        return False
    profile = getattr(user, "profile", None)
    return profile is not None and profile.career_stage in OPENING_CAREER_STAGES


def access_opening(user: AnyUser, pk: int, *, for_edit: bool = False) -> Opening:
    """An opening of an active project (anyone may read it), or one the user manages; 404
    otherwise, so that an opening of a project they cannot see stays unknown."""
    opening = Opening.objects.select_related("project__lead_institution").filter(pk=pk).first()
    if opening is None:
        raise Http404
    manages = can_manage_opening(user, opening)
    if opening.project.status != Project.Status.ACTIVE and not manages:
        raise Http404
    if for_edit and not manages:
        raise PermissionDenied
    return opening


def access_project_for_openings(user: AnyUser, slug: str) -> Project:
    """The project whose PI or co-PI posts an opening: 404 for a project the user may not
    see, 403 for one they see but may not post to."""
    project = Project.objects.filter(slug=slug).select_related("lead_institution").first()
    if project is None or not sees_whole_project(user, project):
        raise Http404
    if not can_post_opening(user, project):
        raise PermissionDenied
    return project
