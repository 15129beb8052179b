from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members import services
from members.forms import AffiliationDeclineForm, AffiliationRequestForm
from members.models import AffiliationRequest
from members.permissions import (
    access_affiliation_request,
    access_own_profile,
    affiliation_reviewer_required,
    can_review_affiliations,
)
from members.selectors import affiliation_pending_of, affiliation_requests_to_decide
from tpc_portal.errors import ApplicationError, show_error


@login_required
@require_http_methods(["GET", "POST"])
def affiliation(request: HttpRequest) -> HttpResponse:
    """One's own affiliation: where it stands, and a request to an institution."""
    profile = access_own_profile(request.user)
    form = AffiliationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.affiliation_request(
                profile=profile,
                institution=form.cleaned_data["institution"],
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            if created is None:
                messages.success(request, _("Your verified address confirmed your affiliation."))
            else:
                messages.success(request, _("Your request is sent to the representative."))
            return redirect("members:affiliation")
    return render(
        request,
        "members/affiliation.html",
        {
            "profile": profile,
            "pending": affiliation_pending_of(profile),
            "form": form,
            "can_review": can_review_affiliations(request.user),
        },
    )


@login_required
@require_POST
def affiliation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(AffiliationRequest, pk=pk, profile__user=request.user)
    try:
        services.affiliation_request_withdraw(request=pending, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("members:affiliation")


@login_required
@require_POST
def affiliation_leave(request: HttpRequest) -> HttpResponse:
    services.affiliation_end(profile=access_own_profile(request.user), actor=request.user)
    messages.success(request, _("You are no longer affiliated with an institution."))
    return redirect("members:affiliation")


@affiliation_reviewer_required
@require_safe
def affiliation_requests(request: HttpRequest) -> HttpResponse:
    """Representatives (and staff) see the requests waiting for them."""
    return render(
        request,
        "members/affiliation_requests.html",
        {
            "requests": affiliation_requests_to_decide(request.user),
            "decline_form": AffiliationDeclineForm(),
        },
    )


@login_required
@require_POST
@affiliation_reviewer_required
def affiliation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = access_affiliation_request(request.user, pk)
    try:
        services.affiliation_request_confirm(request=pending, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is confirmed.") % {"name": pending.profile})
    return redirect("members:affiliation_requests")


@login_required
@require_POST
@affiliation_reviewer_required
def affiliation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    pending = access_affiliation_request(request.user, pk)
    form = AffiliationDeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.affiliation_request_decline(request=pending, actor=request.user, reason=reason)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The request of %(name)s is declined.") % {"name": pending.profile}
        )
    return redirect("members:affiliation_requests")
