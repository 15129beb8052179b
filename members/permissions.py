"""Who may do what, for people and accounts. Used by views, the API and templates alike."""

from collections.abc import Callable
from functools import wraps

import rules
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


@rules.predicate
def has_second_factor(user) -> bool:
    """A TOTP app or security key; recovery codes alone do not count."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


is_staff = rules.is_staff
is_secure_staff = is_staff & has_second_factor


def second_factor_setup_redirect(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        _("This page needs a second factor. Set up an authenticator app to continue."),
    )
    return redirect("mfa_activate_totp")


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff pages: log in first, staff only (403 otherwise), second factor set up."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_staff(request.user):
            raise PermissionDenied
        if not has_second_factor(request.user):
            return second_factor_setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
