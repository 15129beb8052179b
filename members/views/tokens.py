from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members import selectors, services
from tpc_portal.errors import ApplicationError


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's own API tokens; a new one is shown once, on the page that made it."""
    new_token = None
    if request.method == "POST":
        try:
            _instance, new_token = services.api_token_create(actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
    return render(
        request,
        "members/api_tokens.html",
        {"tokens": selectors.api_tokens_of(request.user), "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    try:
        services.api_token_revoke(actor=request.user, token_key=token_key)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token is revoked."))
    return redirect("members:api_tokens")
