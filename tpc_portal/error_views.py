"""What a refused or failed request answers: a page in the portal's layout, or under /api/
JSON in the API's one error shape, {"message": ..., "errors": {}}.

Wired as Django's handler400/403/404/500 (portal/urls.py) and CSRF_FAILURE_VIEW. Each
page says what happened and what to do next, in the reader's language (LocaleMiddleware
has chosen it by the time these run).

400 and 500 render from a minimal context, without context processors: a 500 is often the
database failing, and the page must not need it (no user, no inbox count).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message, "errors": {}}, status=status)


def _minimal_page(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    """The page without context processors: nothing here reads the database."""
    context = {"request": request, "csrf_token": get_token(request)}
    return HttpResponse(loader.get_template(template_name).render(context), status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _api_error(_("The request could not be understood."), 400)
    return _minimal_page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The refusal's own reason when it gives one (`PermissionDenied(_("..."))`)."""
    reason = str(exception) if exception is not None and exception.args else ""
    if _is_api(request):
        return _api_error(reason or _("You do not have permission to do this."), 403)
    template = loader.get_template("403.html")
    return HttpResponse(
        template.render({"reason": reason, "offer_sign_in": True}, request), status=403
    )


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Never the exception's text: it names models and queries, and says nothing to a reader.
    if _is_api(request):
        return _api_error(_("Not found."), 404)
    template = loader.get_template("404.html")
    return HttpResponse(template.render({"offer_sign_in": True}, request), status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _api_error(_("Something went wrong on our side. Please try again later."), 500)
    return _minimal_page(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose security token is missing or stale (usually an old tab or no cookies)."""
    if _is_api(request):
        return _api_error(
            _("The request was refused: its CSRF token is missing or does not match."), 403
        )
    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({}, request), status=403)
