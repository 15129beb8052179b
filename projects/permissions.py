"""Who may do what with projects, their teams, proposals and openings.

Predicates used by views, the API and templates alike (through `rules`), and
fetch-or-refuse helpers. A person's places on every team are read once per request
(`places_of`) and kept on the user object.
"""

import rules

from members.membership import AnyUser
from projects.models import Project, TeamMember


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
