from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.http import require_safe

from members.filters import ResearcherFilter
from members.membership import is_confirmed_member
from members.selectors import researcher_directory
from members.views.common import paginate, partial_or_page

PER_PAGE = 25  # the API page size, so that page and API are measured alike
# The facets (80 institutions, their countries, the taxonomy) are cached as rendered, per
# language and ticked values, for this long: a new member institution appears in the
# filters within a minute.
FACETS_CACHE_SECONDS = 60


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The directory: researchers, as many as the viewer may see."""
    return researchers(request)


@require_safe
def researchers(request: HttpRequest) -> HttpResponse:
    """Listed profiles the viewer may see, filtered: visitors see the public ones, confirmed
    members also those shown to members (researcher_directory decides)."""
    filterset = ResearcherFilter(
        request.GET or None, queryset=researcher_directory(request.user), request=request
    )
    page = paginate(request, filterset.qs, per_page=PER_PAGE)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "is_member": is_confirmed_member(request.user),
        "facets_key": _facets_key(request),
        "facets_cache_seconds": FACETS_CACHE_SECONDS,
    }
    return partial_or_page(
        request, "members/directory.html", "members/includes/directory_results.html", context
    )


def _facets_key(request: HttpRequest) -> str:
    """The ticked facet values, which are all the cached facets depend on."""
    params = _params_without(request, "q", "page")
    return "&".join(sorted(f"{name}={value}" for name, value in params.lists()))


def _params_without(request: HttpRequest, *names: str) -> QueryDict:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params
