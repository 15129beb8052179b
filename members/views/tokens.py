from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members import selectors, services
from tpc_portal import feeds
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


# The personal calendar feed (tpc_portal/feeds.py): its address is shown once, when made.


def _calendar_feed_page(request: HttpRequest, new_token: str | None = None) -> HttpResponse:
    return render(
        request,
        "members/calendar_feed.html",
        {
            "feed": feeds.feed_token_of(request.user),
            "new_url": feeds.feed_url(new_token) if new_token else None,
        },
    )


@login_required
@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    return _calendar_feed_page(request)


def _calendar_feed_change(request: HttpRequest, change) -> HttpResponse:
    try:
        token = change(actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("members:calendar_feed")
    return _calendar_feed_page(request, new_token=token)


@login_required
@require_POST
def calendar_feed_make(request: HttpRequest) -> HttpResponse:
    return _calendar_feed_change(request, feeds.feed_token_create)


@login_required
@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    return _calendar_feed_change(request, feeds.feed_token_regenerate)


@login_required
@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    try:
        feeds.feed_token_revoke(actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your calendar feed is turned off: its address no longer works.")
        )
    return redirect("members:calendar_feed")
