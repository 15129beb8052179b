"""The second-factor detour: a page that needs a second factor sends the person to set one
up (members.permissions.second_factor_setup_redirect, with `?next=`), and once it is set up
they land on the page they asked for.

allauth's TOTP activation ignores `next`: it ends on the recovery codes (or the two-factor
overview when it made none). These two views wrap allauth's own at the same addresses: the
activation remembers `next` in the session, and the recovery codes page, shown once as
allauth wants, offers to continue there (or the activation goes there directly when there
are no codes to show).
"""

from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "second_factor_next"


def _is_safe(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def totp_activate(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    if next_url and _is_safe(request, next_url):
        request.session[SESSION_KEY] = next_url
    response = totp_views.activate_totp(request)
    if (
        response.status_code == 302
        and response["Location"] == reverse("mfa_index")
        and request.session.get(SESSION_KEY)
    ):
        return redirect(request.session.pop(SESSION_KEY))
    return response


def recovery_codes(request: HttpRequest) -> HttpResponse:
    response = recovery_code_views.view_recovery_codes(request)
    if isinstance(response, TemplateResponse) and request.session.get(SESSION_KEY):
        assert response.context_data is not None  # noqa: S101 - a TemplateView's response
        response.context_data["continue_url"] = request.session.pop(SESSION_KEY)
    return response
