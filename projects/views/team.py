"""A project's team: the leads' page (invitations, requests, roles) and each action on it;
answering an invitation, asking to join and leaving, from the project's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from projects import selectors, services
from projects.forms import DeclineRequestForm, InviteForm, MessageForm, RoleForm
from projects.models import Project
from projects.permissions import (
    access_project,
    access_team_place,
    can_propose,
    leads_project,
    refuse_unless,
)
from projects.views.common import project_page, team_page
from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import perform, refuse, refuse_invalid


def _led(request: HttpRequest, slug: str) -> Project:
    """The project, for its PI and co-PIs only (404 when it is not visible, else 403)."""
    project = access_project(request.user, slug)
    refuse_unless(leads_project(request.user, project))
    return project


@login_required
@require_safe
def team(request: HttpRequest, slug: str) -> HttpResponse:
    return team_page(request, _led(request, slug))


def _done(request: HttpRequest, project: Project, text: str, *, to_team: bool) -> HttpResponse:
    messages.success(request, text)
    return redirect("projects:team" if to_team else "projects:project", project.slug)


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    project = _led(request, slug)
    form = InviteForm(request.POST, people=selectors.people_to_invite(project))

    def act(data):
        services.team_invite(
            project=project,
            actor=request.user,
            user=data["profile"].user,
            role=data["role"],
            message=data["message"],
        )

    if not perform(request, form, act):
        return team_page(request, _led(request, slug), status=400, invite_form=form)
    return _done(request, project, _("The invitation is sent."), to_team=True)


def _on_place(request, slug, pk, service, done, *, to_team, lead=True, form=None):
    """Run a team service on one place of the team; a refusal redraws the page it came
    from (the team page for the leads' actions, the project page for one's own)."""
    project = _led(request, slug) if lead else access_project(request.user, slug)
    place = access_team_place(request.user, project, pk)
    if form is not None and not form.is_valid():
        refuse_invalid(request, form)
        return _redraw(request, project, to_team)
    try:
        data = form.cleaned_data if form is not None else {}
        service(place=place, actor=request.user, **data)
    except ApplicationError as error:
        refuse(request, form, error)
        return _redraw(request, project, to_team)
    return _done(request, project, done, to_team=to_team)


def _redraw(request: HttpRequest, project: Project, to_team: bool) -> HttpResponse:
    """The page the action came from, drawn again with the reason in its message area
    (the forms on these pages are one row each: the reason names what to change)."""
    if to_team:
        return team_page(request, project, status=400)
    return project_page(request, project, status=400)


@login_required
@require_POST
def accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _on_place(
        request,
        slug,
        pk,
        services.team_invitation_accept,
        _("Welcome to the team."),
        to_team=False,
        lead=False,
    )


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    response = _on_place(
        request,
        slug,
        pk,
        services.team_invitation_decline,
        _("You declined the invitation."),
        to_team=False,
        lead=False,
    )
    if response.status_code == 302:  # the project may no longer be visible to them
        return redirect("projects:index")
    return response


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _on_place(
        request,
        slug,
        pk,
        services.team_request_approve,
        _("They are on the team now."),
        to_team=True,
        form=RoleForm(request.POST),
    )


@login_required
@require_POST
def request_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _on_place(
        request,
        slug,
        pk,
        services.team_request_decline,
        _("The request is declined."),
        to_team=True,
        form=DeclineRequestForm(request.POST),
    )


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _on_place(
        request,
        slug,
        pk,
        services.team_remove,
        _("They are no longer on the team."),
        to_team=True,
    )


@login_required
@require_POST
def role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _on_place(
        request,
        slug,
        pk,
        services.team_role_change,
        _("The role is changed."),
        to_team=True,
        form=RoleForm(request.POST),
    )


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """A confirmed member asks to join an active project."""
    project = access_project(request.user, slug)
    refuse_unless(can_propose(request.user))  # confirmed members only
    form = MessageForm(request.POST)

    def act(data):
        services.team_request_join(project=project, actor=request.user, message=data["message"])

    if not perform(request, form, act):
        return project_page(request, project, status=400, join_form=form)
    messages.success(request, _("Your request is with the project's PI."))
    return redirect("projects:project", project.slug)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave the team, or take back one's request to join."""
    project = access_project(request.user, slug)
    place = next((p for p in project.team.all() if p.user_id == request.user.pk), None)
    refuse_unless(place is not None)
    try:
        services.team_leave(place=place, actor=request.user)
    except ApplicationError as error:
        refuse(request, None, error)
        return project_page(request, project, status=400)
    messages.success(request, _("You are no longer on the team."))
    return (
        redirect("projects:project", project.slug)
        if project.status in Project.PUBLIC_STATUSES
        else redirect("projects:index")
    )
