"""The project directory: facets, search, and one's own projects and invitations."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from projects import selectors
from projects.filters import ProjectFilter
from projects.permissions import can_propose
from projects.views.common import paginate


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Projects the viewer may see, filtered: visitors see active and completed ones; the
    team of a draft or a proposal sees it too (selectors.projects_visible_to)."""
    user = request.user
    filterset = ProjectFilter(
        request.GET or None, queryset=selectors.project_directory(user), request=request
    )
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": paginate(request, filterset.qs),
        "can_propose": can_propose(user),
        "mine": list(selectors.projects_of(user)),
        "invitations": list(selectors.invitations_of(user)),
    }
    wants_results = request.htmx and not request.htmx.history_restore_request
    template = "projects/includes/results.html" if wants_results else "projects/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
