"""The second-factor guard, one for pages, the API and the admin, and the detour it sends
people on.

Pages that need a second factor (staff pages, the committee's) use `second_factor_required`
(or `staff_required`); the API uses `SecondFactorPermission`; the admin site wraps its
views in `second_factor_admin_view`. Whoever lacks one is sent to set one up, with `?next=`,
and once it is set up they land on the page they asked for.

allauth's TOTP activation ignores `next`: it ends on the recovery codes (or the two-factor
overview when it made none). The two views at the end wrap allauth's own at the same
addresses: the activation remembers `next` in the session, and the recovery codes page,
shown once as allauth wants, offers to continue there (or the activation goes there
directly when there are no codes to show).

The base imports no app: the people who may pass are a predicate the caller hands in.
"""

from collections.abc import Callable
from functools import wraps
from typing import ClassVar

import rules
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

# Whom a check is about, as request.user gives it: an account or the anonymous visitor.
type AnyUser = AbstractBaseUser | AnonymousUser
type View = Callable[..., HttpResponse]

SESSION_KEY = "second_factor_next"


@rules.predicate
def has_second_factor(user: AnyUser) -> bool:
    """A TOTP app or security key; recovery codes alone do not count."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


is_staff = rules.is_staff
is_secure_staff = is_staff & has_second_factor


@rules.predicate
def _always(user: AnyUser) -> bool:
    return True


def second_factor_setup_redirect(request: HttpRequest) -> HttpResponse:
    """The detour: set up a second factor, then back to this page."""
    messages.warning(
        request,
        _("This page needs a second factor. Set up an authenticator app to continue."),
    )
    setup = reverse("mfa_activate_totp")
    if request.method in {"GET", "HEAD"}:
        setup += "?" + urlencode({"next": request.get_full_path()})
    return redirect(setup)


def second_factor_required(
    allowed: Callable[[AnyUser], bool], *, needed_by: Callable[[AnyUser], bool] = _always
) -> Callable[[View], View]:
    """A page for the people `allowed` lets in: log in first, 403 for anyone else, and a
    second factor set up by those of them `needed_by` names (all of them unless told)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied
            if needed_by(request.user) and not has_second_factor(request.user):
                return second_factor_setup_redirect(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Staff pages: log in first, staff only (403 otherwise), second factor set up.
staff_required = second_factor_required(is_staff)


def second_factor_admin_view(view: View) -> View:
    """An admin view (already behind the admin's own log-in and staff check) that sends
    staff without a second factor on the detour."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if is_staff(request.user) and not has_second_factor(request.user):
            return second_factor_setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


class SecondFactorPermission(BasePermission):
    """API access for the people `allowed` names, each with a second factor: subclasses set
    `allowed` (a predicate on the user) and `message`."""

    allowed: ClassVar[Callable[[AnyUser], bool]] = staticmethod(_always)

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and type(self).allowed(user) and has_second_factor(user))


# --- The detour's two views ---------------------------------------------------------------


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
