"""What a project shares (the PI's consent) and the outputs it lists, from its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects import services
from projects.forms import OutputForm, ShareForm
from projects.permissions import access_project, is_pi, leads_project, refuse_unless
from projects.views.common import project_page
from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import perform, refuse


@login_required
@require_POST
def share_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug)
    refuse_unless(is_pi(request.user, project))
    form = ShareForm(request.POST)

    def act(data):
        services.share_add(
            project=project,
            actor=request.user,
            what=data["what"],
            description=data["description"],
            terms=data["terms"],
        )

    if not perform(request, form, act):
        return project_page(
            request, access_project(request.user, slug), status=400, share_form=form
        )
    messages.success(request, _("What the project shares is recorded, with your consent."))
    return redirect("projects:project", project.slug)


@login_required
@require_POST
def share_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = access_project(request.user, slug)
    refuse_unless(is_pi(request.user, project))
    share = next((share for share in project.shares.all() if share.pk == pk), None)
    if share is None:
        raise Http404
    try:
        services.share_remove(share=share, actor=request.user)
    except ApplicationError as error:
        refuse(request, None, error)
        return project_page(request, project, status=400)
    messages.success(request, _("Removed."))
    return redirect("projects:project", project.slug)


@login_required
@require_POST
def output_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug)
    refuse_unless(leads_project(request.user, project))
    form = OutputForm(request.POST)

    def act(data):
        services.output_add(project=project, actor=request.user, **data)

    if not perform(request, form, act):
        return project_page(
            request, access_project(request.user, slug), status=400, output_form=form
        )
    messages.success(request, _("The output is listed."))
    return redirect("projects:project", project.slug)


@login_required
@require_POST
def output_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = access_project(request.user, slug)
    refuse_unless(leads_project(request.user, project))
    output = next((output for output in project.outputs.all() if output.pk == pk), None)
    if output is None:
        raise Http404
    services.output_remove(output=output, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect("projects:project", project.slug)
