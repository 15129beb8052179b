"""Openings: the public opportunities page with its filters and the subscription form, an
opening's page, and the project leads' forms to post, change and close them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from projects.filters_openings import OpeningFilter
from projects.forms_openings import OpeningForm, OpeningSubscriptionForm
from projects.opening_selectors import (
    opening_subscription_of,
    openings_public,
    projects_led_for_openings,
)
from projects.permissions import (
    access_opening,
    access_project_for_openings,
    can_manage_opening,
    can_subscribe_to_openings,
)
from projects.services import openings as services
from projects.similar_display import project_url
from tpc_portal.errors import ApplicationError, show_error
from tpc_portal.refusals import refuse

PER_PAGE = 25  # the API's page size


@require_safe
def openings(request: HttpRequest) -> HttpResponse:
    """Openings of active projects for everyone, open ones unless asked otherwise, with
    the filters the API has too; students and postdocs subscribe here."""
    return _openings_page(request)


def _openings_page(
    request: HttpRequest, subscription_form: OpeningSubscriptionForm | None = None
) -> HttpResponse:
    filterset = OpeningFilter(request.GET, queryset=openings_public(), request=request)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    subscription = opening_subscription_of(request.user)
    eligible = can_subscribe_to_openings(request.user)
    if subscription_form is None and eligible:
        initial = (
            {"positions": subscription.positions, "areas": list(subscription.areas.all())}
            if subscription
            else {}
        )
        subscription_form = OpeningSubscriptionForm(initial=initial)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "subscription": subscription,
        "subscription_form": subscription_form,
        "can_subscribe": eligible,
        "led_projects": list(projects_led_for_openings(request.user)),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "projects/includes/opening_results.html", context)
    else:
        invalid = subscription_form is not None and subscription_form.errors
        response = render(
            request, "projects/openings.html", context, status=400 if invalid else 200
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def openings_subscribe(request: HttpRequest) -> HttpResponse:
    """Subscribe to new openings of some positions in some areas, or change what one
    subscribed to."""
    form = OpeningSubscriptionForm(request.POST)
    if form.is_valid():
        try:
            services.opening_subscribe(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse(request, form, error)
        else:
            messages.success(request, _("You will hear of new openings like these."))
            return redirect("projects:openings")
    return _openings_page(request, subscription_form=form)


@login_required
@require_POST
def openings_unsubscribe(request: HttpRequest) -> HttpResponse:
    if services.opening_unsubscribe(actor=request.user):
        messages.success(request, _("You will no longer hear of new openings."))
    return redirect("projects:openings")


@require_safe
def opening(request: HttpRequest, pk: int) -> HttpResponse:
    opening = access_opening(request.user, pk)
    return _opening_page(request, opening)


def _opening_page(request: HttpRequest, opening, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "projects/opening_detail.html",
        {
            "opening": opening,
            "project": opening.project,
            "areas": list(opening.project.expertise.order_by("position")),
            "manages": can_manage_opening(request.user, opening),
            "project_url": project_url(opening.project),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The PI or a co-PI of an active project posts an opening on it."""
    project = access_project_for_openings(request.user, slug)
    form = OpeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.opening_post(
                project=project, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The opening is posted."))
            return redirect("projects:opening", pk=opening.pk)
    return render(
        request,
        "projects/opening_form.html",
        {"form": form, "project": project},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opening = access_opening(request.user, pk, for_edit=True)
    form = OpeningForm.of(opening, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opening_update(opening=opening, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The opening is saved."))
            return redirect("projects:opening", pk=opening.pk)
    return render(
        request,
        "projects/opening_form.html",
        {"form": form, "project": opening.project, "opening": opening},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def opening_close(request: HttpRequest, pk: int) -> HttpResponse:
    opening = access_opening(request.user, pk, for_edit=True)
    try:
        services.opening_close(opening=opening, actor=request.user)
    except ApplicationError as error:
        refuse(request, None, error)
        return _opening_page(request, opening, status=400)
    messages.success(request, _("The opening is closed."))
    return redirect("projects:opening", pk=opening.pk)
