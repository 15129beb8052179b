from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from members.filters import InstitutionFilter
from members.selectors import (
    institution_members_visible_to,
    institution_public_detail,
    institutions_public,
)
from members.views.common import paginate, partial_or_page

MEMBERS_PER_PAGE = 50


@require_safe
def institution_list(request: HttpRequest) -> HttpResponse:
    """Public: the member institutions, filtered by kind and country."""
    filterset = InstitutionFilter(request.GET or None, queryset=institutions_public())
    context = {"filterset": filterset, "form": filterset.form, "institutions": filterset.qs}
    return partial_or_page(
        request,
        "members/institution_list.html",
        "members/includes/institution_results.html",
        context,
    )


@require_safe
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: an institution, its representative, and its listed people the viewer may see."""
    institution = institution_public_detail(slug=slug)
    if institution is None:
        raise Http404
    people = institution_members_visible_to(request.user, institution)
    return render(
        request,
        "members/institution_detail.html",
        {
            "institution": institution,
            "page": paginate(request, people, per_page=MEMBERS_PER_PAGE),
            "domains": institution.domains.all(),
        },
    )
