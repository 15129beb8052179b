"""The PI's moves: submitting to the committee, withdrawing, completing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects import services
from projects.forms import SubmitForm
from projects.permissions import access_project, is_pi, refuse_unless
from projects.views.common import project_page
from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import perform, refuse


@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug)
    refuse_unless(is_pi(request.user, project))
    form = SubmitForm(request.POST)

    def act(data):
        differs = data["differs_from_similar"] if "differs_from_similar" in request.POST else None
        services.project_submit(
            project=project, actor=request.user, differs_from_similar=differs, note=data["note"]
        )

    if not perform(request, form, act):
        return project_page(
            request, access_project(request.user, slug), status=400, submit_form=form
        )
    messages.success(request, _("Your project is with the steering committee."))
    return redirect("projects:project", project.slug)


def _act(request: HttpRequest, slug: str, service, done: str) -> HttpResponse:
    project = access_project(request.user, slug)
    refuse_unless(is_pi(request.user, project))
    try:
        service(project=project, actor=request.user)
    except ApplicationError as error:
        refuse(request, None, error)
        return project_page(request, project, status=400)
    messages.success(request, done)
    return redirect("projects:project", project.slug)


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    return _act(request, slug, services.project_withdraw, _("The project is withdrawn."))


@login_required
@require_POST
def complete(request: HttpRequest, slug: str) -> HttpResponse:
    return _act(request, slug, services.project_complete, _("The project is completed."))
