"""Similar work while a proposal is written: the projects most like the draft, updated as
the proposer types (an htmx fragment the proposal form asks for), or a page of its own
where no script runs."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from members.membership import is_confirmed_member
from projects.forms_similar import SimilarWorkForm
from projects.similar_display import shown_to
from projects.similarity import SIMILARITY_THRESHOLD, similar_projects


@login_required
@require_http_methods(["GET", "POST"])
def similar(request: HttpRequest) -> HttpResponse:
    """The five existing projects most similar to a draft (title, summary, expertise).

    Confirmed members only, as they alone may propose: the list names proposed projects.
    A reader who may not see a project learns its title and status, its score, and which
    of *their own* words and areas it shares; never its team, institutions or summary.
    """
    if not is_confirmed_member(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    form = SimilarWorkForm(data or None)
    items = []
    if form.is_bound and form.is_valid() and form.has_draft():
        items = shown_to(
            request.user,
            similar_projects(
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                area_ids=[area.pk for area in form.cleaned_data["expertise"]],
            ),
        )
    context = {"form": form, "items": items, "threshold": round(SIMILARITY_THRESHOLD * 100)}
    if request.htmx and not request.htmx.history_restore_request:
        # A fragment htmx swaps in as it is: the errors are in it, and a 4xx is not swapped.
        response = render(request, "projects/includes/similar_results.html", context)
    else:
        response = render(
            request, "projects/similar.html", context, status=400 if form.errors else 200
        )
    patch_vary_headers(response, ["HX-Request"])
    return response
