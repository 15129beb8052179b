"""Pages of the notifications centre: inbox, preferences, unsubscribe, staff delivery view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notifications import selectors, services
from notifications.filters import NotificationFilter
from notifications.forms import PreferencesForm
from notifications.permissions import access_notification, can_see_email_delivery
from tpc_portal.errors import ApplicationError
from tpc_portal.second_factor import staff_required

INBOX_PAGE_SIZE = 25
FAILED_PAGE_SIZE = 50


def _inbox_context(request: HttpRequest, params: QueryDict) -> dict:
    filters = NotificationFilter(params, queryset=selectors.notifications_for(request.user))
    unread_only = filters.is_valid() and filters.form.cleaned_data.get("unread") is True
    page = Paginator(filters.qs, INBOX_PAGE_SIZE).get_page(params.get("page"))
    back = reverse("notifications:inbox") + ("?unread=true" if unread_only else "")
    return {"page": page, "unread_only": unread_only, "back": back}


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    context = _inbox_context(request, request.GET)
    context["can_see_email_delivery"] = can_see_email_delivery(request.user)
    return render(request, "notifications/inbox.html", context)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access_notification(request.user, pk)
    services.notification_mark_read(notification=notice, actor=request.user)
    if request.htmx:
        return render(request, "notifications/includes/notice_marked.html", {"notice": notice})
    return _back_to_inbox(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(actor=request.user)
    if request.htmx:
        context = _inbox_context(request, request.POST) | {"all_marked": True}
        return render(request, "notifications/includes/inbox_all_marked.html", context)
    messages.success(request, _("All notices are marked read."))
    return _back_to_inbox(request)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    deliveries = selectors.notification_deliveries_for(request.user)
    form = PreferencesForm(request.POST or None, deliveries=deliveries)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preferences_set(user=request.user, deliveries=form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Deliberately exempt from CSRF: mail clients that honour List-Unsubscribe-Post (RFC 8058)
# POST "List-Unsubscribe=One-Click" to this URL with no cookie and no form, so no CSRF token
# can ever be present. The signed token in the URL is the authority instead: it names one
# person and one kind and cannot be forged, and the worst a forged request could do with a
# stolen link is what the link already does — turn off one kind of e-mail for its owner.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST does it."""
    try:
        if request.method == "POST":
            _user, label = services.notification_unsubscribe(token=token)
            return render(request, "notifications/unsubscribed.html", {"label": label})
        _user, kind_key = services.notification_unsubscribe_target(token=token)
    except services.InvalidUnsubscribeLink as error:
        return render(
            request, "notifications/unsubscribe_invalid.html", {"error": error}, status=400
        )
    label = services.notification_unsubscribe_label(kind_key)
    return render(request, "notifications/unsubscribe.html", {"label": label})


@staff_required
@require_safe
def delivery(request: HttpRequest) -> HttpResponse:
    failed = Paginator(selectors.notifications_failed(), FAILED_PAGE_SIZE)
    context = {
        "overview": selectors.notification_delivery_overview(),
        "page": failed.get_page(request.GET.get("page")),
    }
    return render(request, "notifications/delivery.html", context)


@staff_required
@require_POST
def delivery_retry(request: HttpRequest) -> HttpResponse:
    count = services.notification_emails_retry_failed(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d failed e-mail is queued again.",
            "%(count)d failed e-mails are queued again.",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:delivery")
