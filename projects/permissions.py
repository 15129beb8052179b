"""Who may do what with projects, their teams, proposals and openings.

Predicates used by views, the API and templates alike (through `rules`), and
fetch-or-refuse helpers. A person's places on every team are read once per request
(`places_of`) and kept on the user object.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.membership import AnyUser, is_confirmed_member
from members.models import Profile
from projects.models import Opening, Project, TeamMember
from projects.selectors import project_detail
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


# --- What a person may do with a project -------------------------------------------------

S = Project.Status
# A proposal is written (and edited) while it is a draft or a revision is asked for.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.REVISION_REQUESTED})
# Over: the team no longer changes.
CLOSED_STATUSES = frozenset({S.COMPLETED, S.REJECTED, S.WITHDRAWN})


@rules.predicate
def can_view_project(user: AnyUser, project: Project) -> bool:
    """Active and completed projects: everyone. Drafts and proposals: the people on the
    team, invited to it or asking to join it, and staff (the committee reads a proposal on
    its case). Never a draft to anyone else, not even as a count."""
    if project.status in Project.PUBLIC_STATUSES:
        return True
    if not user.is_authenticated:
        return False
    return bool(user.is_staff) or project.pk in places_of(user)


@rules.predicate
def can_see_team(user: AnyUser, project: Project) -> bool:
    """Who is on the team, beyond its PI (a public role): confirmed members, the people on
    or invited to the team, staff."""
    return is_confirmed_member(user) or (
        user.is_authenticated and (bool(user.is_staff) or project.pk in places_of(user))
    )


@rules.predicate
def can_propose(user: AnyUser) -> bool:
    """Confirmed members of a member institution draft projects."""
    return is_confirmed_member(user)


@rules.predicate
def can_edit_project(user: AnyUser, project: Project) -> bool:
    return project.status in EDITABLE_STATUSES and leads_project(user, project)


@rules.predicate
def can_submit_project(user: AnyUser, project: Project) -> bool:
    return project.status in EDITABLE_STATUSES and is_pi(user, project)


@rules.predicate
def can_withdraw_project(user: AnyUser, project: Project) -> bool:
    return S.WITHDRAWN in Project.TRANSITIONS[project.status] and is_pi(user, project)


@rules.predicate
def can_complete_project(user: AnyUser, project: Project) -> bool:
    return project.status == S.ACTIVE and is_pi(user, project)


@rules.predicate
def can_manage_team(user: AnyUser, project: Project) -> bool:
    """Invite, decide requests, change roles, remove: the PI and co-PIs, until it is over."""
    return project.status not in CLOSED_STATUSES and leads_project(user, project)


@rules.predicate
def can_request_to_join(user: AnyUser, project: Project) -> bool:
    """Confirmed members ask to join an active project they are not on (or invited to)."""
    return (
        project.status == S.ACTIVE
        and is_confirmed_member(user)
        and project.pk not in places_of(user)
    )


@rules.predicate
def can_manage_shares(user: AnyUser, project: Project) -> bool:
    """What the project shares, under which terms, is the PI's consent to give."""
    return project.status in EDITABLE_STATUSES | {S.ACTIVE} and is_pi(user, project)


@rules.predicate
def can_manage_outputs(user: AnyUser, project: Project) -> bool:
    return project.status not in {S.REJECTED, S.WITHDRAWN} and leads_project(user, project)


rules.add_perm("projects.view_project", can_view_project)
rules.add_perm("projects.see_team", can_see_team)
rules.add_perm("projects.propose", can_propose)
rules.add_perm("projects.edit_project", can_edit_project)
rules.add_perm("projects.submit_project", can_submit_project)
rules.add_perm("projects.withdraw_project", can_withdraw_project)
rules.add_perm("projects.complete_project", can_complete_project)
rules.add_perm("projects.manage_team", can_manage_team)
rules.add_perm("projects.join_project", can_request_to_join)
rules.add_perm("projects.manage_shares", can_manage_shares)
rules.add_perm("projects.manage_outputs", can_manage_outputs)


def access_project(user: AnyUser, slug: str) -> Project:
    """The project named by `slug` with everything its page shows, if this person may see
    it; 404 otherwise (a draft's existence stays unknown)."""
    project = project_detail(slug=slug)
    if project is None or not can_view_project(user, project):
        raise Http404
    return project


def access_team_place(user: AnyUser, project: Project, pk: int) -> TeamMember:
    """A place on this project's team (a member, an invitation or a request), or 404.
    What the person may do with it, the service decides."""
    place = TeamMember.objects.filter(project=project, pk=pk).select_related("user").first()
    if place is None:
        raise Http404
    return place


def refuse_unless(allowed: bool) -> None:
    """403 where the page or endpoint is not this person's to use."""
    if not allowed:
        raise PermissionDenied


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
