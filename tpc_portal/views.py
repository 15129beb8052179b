from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from members.selectors import collaborators_suggested_for, profile_of
from tpc_portal import health
from tpc_portal.areas import AREAS, AREAS_BY_KEY


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context: dict = {"areas": AREAS}
    if request.user.is_authenticated:
        profile = profile_of(request.user)
        context["profile"] = profile
        context["suggestions"] = (
            collaborators_suggested_for(profile, viewer=request.user) if profile else []
        )
    return render(request, "home.html", context)


def area_landing(key: str) -> Callable[[HttpRequest], HttpResponse]:
    """A public landing page for an area whose own pages have not been built yet."""
    area = AREAS_BY_KEY[key]

    @require_safe
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "area.html", {"area": area})

    return view


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every dependency answers; 503 naming those that do not."""
    results = health.run()
    failing = sorted(name for name, state in results.items() if state != "ok")
    return JsonResponse(
        {"status": "fail" if failing else "ok", "failing": failing, "checks": results},
        status=503 if failing else 200,
    )
