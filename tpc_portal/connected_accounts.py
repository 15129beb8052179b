"""'Connected accounts' (allauth's social-account connections) exist only where a social
log-in provider (ORCID) is configured: otherwise the page would offer nothing to connect."""

from allauth.socialaccount import views as social_views
from allauth.socialaccount.adapter import get_adapter
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


def social_login_configured(request: HttpRequest) -> bool:
    return bool(get_adapter().list_providers(request))


@login_required
def connections(request: HttpRequest) -> HttpResponse:
    """allauth's connections page, or 404 when there is no provider to connect."""
    if not social_login_configured(request):
        raise Http404
    return social_views.connections(request)
