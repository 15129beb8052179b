from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from members.selectors import collaborators_suggested_for, profile_of
from portal import home as homepage
from portal.areas import open_areas
from tpc_portal import health


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Visitors: the consortium, its figures and how to join. A signed-in person: where
    they stand, what waits for them, and people who share their interests."""
    context: dict = {"areas": open_areas()}
    if request.user.is_authenticated:
        profile = profile_of(request.user)
        context |= {
            "profile": profile,
            "standing": homepage.standing_of(profile),
            "first_steps": homepage.first_steps(profile),
            "actions": homepage.next_actions(request, request.user),
            "suggestions": (
                collaborators_suggested_for(profile, viewer=request.user) if profile else []
            ),
        }
    else:
        context["figures"] = homepage.figures()
    return render(request, "home.html", context)


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
