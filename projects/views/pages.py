"""A project's page, and drafting and editing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from projects import services
from projects.forms import ProjectForm
from projects.permissions import access_project, can_propose, leads_project, refuse_unless
from projects.views.common import project_page
from tpc_portal.refusals import perform


@require_safe
def project(request: HttpRequest, slug: str) -> HttpResponse:
    """Public fields for everyone; who is on the team for members; the controls for the
    team. A draft or a proposal is a 404 outside its team."""
    return project_page(request, access_project(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """A confirmed member drafts a project (they become its PI)."""
    if not can_propose(request.user):
        raise PermissionDenied(
            _(
                "Only confirmed members of a member institution propose projects. Your "
                "affiliation is confirmed through your e-mail address or by your "
                "institution's representative."
            )
        )
    form = ProjectForm(request.POST if request.method == "POST" else None)
    created = []

    def act(data):
        created.append(services.project_draft_create(actor=request.user, **data))

    if request.method == "POST" and perform(request, form, act):
        messages.success(request, _("Your draft is saved. Invite your team, then submit it."))
        return redirect("projects:project", created[0].slug)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The PI or a co-PI edits a draft, or a proposal the committee asked to revise."""
    project = access_project(request.user, slug)
    refuse_unless(leads_project(request.user, project))
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        initial=ProjectForm.initial_for(project),
    )

    def act(data):
        services.project_update(project=project, actor=request.user, **data)

    if request.method == "POST" and perform(request, form, act):
        messages.success(request, _("The project is saved."))
        return redirect("projects:project", project.slug)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project},
        status=400 if request.method == "POST" else 200,
    )
