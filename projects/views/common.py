"""The project page and the team page, drawn for a GET and again for an action refused on
them (tpc_portal/refusals.py): each action's form comes back with its errors."""

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.pagination import DirectoryPaginator
from projects import permissions as can
from projects import selectors
from projects.forms import (
    InviteForm,
    MessageForm,
    OutputForm,
    RoleForm,
    ShareForm,
    SubmitForm,
)
from projects.models import Project, TeamMember
from tpc_portal.audit import audit_of

PER_PAGE = 25  # the API's page size, so that page and API are measured alike


def paginate(request: HttpRequest, queryset, *, per_page: int = PER_PAGE) -> Page:
    """A page of the directory; a ranked search is counted by its page query."""
    return DirectoryPaginator(queryset, per_page).get_page(request.GET.get("page"))


def own_place(request: HttpRequest, project: Project) -> TeamMember | None:
    """The viewer's place on the team (read from the prefetched team)."""
    if not request.user.is_authenticated:
        return None
    return next((place for place in project.team.all() if place.user_id == request.user.pk), None)


def project_page(
    request: HttpRequest, project: Project, *, status: int = 200, **forms
) -> HttpResponse:
    """The project's page: its public fields for everyone; the team for members; the
    team's controls for the team; a refused form in `forms`, with its errors."""
    user = request.user
    leads = can.leads_project(user, project)
    on_team = can.is_on_team(user, project)
    context = {
        "project": project,
        "is_public": project.status in Project.PUBLIC_STATUSES,
        "place": own_place(request, project),
        "pis": selectors.pis_of(project),
        "team": selectors.team_of(project) if can.can_see_team(user, project) else [],
        "can_see_team": can.can_see_team(user, project),
        "institutions": selectors.participating_institutions(project),
        "leads": leads,
        "on_team": on_team,
        "can_edit": can.can_edit_project(user, project),
        "can_submit": can.can_submit_project(user, project),
        "can_withdraw": can.can_withdraw_project(user, project),
        "can_complete": can.can_complete_project(user, project),
        "can_manage_team": can.can_manage_team(user, project),
        "can_join": can.can_request_to_join(user, project),
        "can_manage_shares": can.can_manage_shares(user, project),
        "can_manage_outputs": can.can_manage_outputs(user, project),
        "waiting": len(selectors.team_invited(project)) + len(selectors.team_requests(project)),
        # What the proposal form already says of similar work: submitting it as it stands
        # must not erase it.
        "submit_form": forms.get("submit_form")
        or SubmitForm(initial={"differs_from_similar": project.differs_from_similar}),
        "join_form": forms.get("join_form") or MessageForm(),
        "share_form": forms.get("share_form") or ShareForm(),
        "output_form": forms.get("output_form") or OutputForm(),
    }
    if on_team or (user.is_authenticated and user.is_staff):
        context["case"] = selectors.project_case(project)
        context["history"] = audit_of(project).order_by("-at", "-id")[:50]
    return render(request, "projects/project_detail.html", context, status=status)


def team_page(
    request: HttpRequest, project: Project, *, status: int = 200, **forms
) -> HttpResponse:
    """The team page of the PI and co-PIs: invitations, requests to join, roles."""
    user = request.user
    context = {
        "project": project,
        "team": selectors.team_of(project),
        "invited": selectors.team_invited(project),
        "requests": selectors.team_requests(project),
        "institutions": selectors.participating_institutions(project),
        "can_manage_team": can.can_manage_team(user, project),
        "is_pi": can.is_pi(user, project),
        "invite_form": forms.get("invite_form")
        or InviteForm(people=selectors.people_to_invite(project)),
        "role_form": RoleForm(),
    }
    return render(request, "projects/team.html", context, status=status)
