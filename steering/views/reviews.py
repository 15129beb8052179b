"""Reviews: the chair assigns, seats write, the committee reads."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from steering import selectors, services
from steering.forms import ReviewerAssignForm, ReviewForm
from steering.permissions import (
    access_case_chaired,
    access_case_internals,
    can_read_reviews,
    can_review,
    committee_member_required,
)
from steering.views.case_page import case_page
from tpc_portal.refusals import perform


@committee_member_required
@require_POST
def reviewer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_chaired(request.user, pk)
    form = ReviewerAssignForm(request.POST, seats=selectors.seats_assignable(case))
    assigned = perform(
        request,
        form,
        lambda data: services.review_assign(case=case, seat=data["seat"], actor=request.user),
    )
    if not assigned:
        return case_page(request, case, assign_form=form, status=400)
    seat = form.cleaned_data["seat"]
    messages.success(request, _("%(seat)s is asked to review.") % {"seat": seat})
    return redirect("steering:case", case.pk)


@committee_member_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """My seat's review of the case: written, and revised while the case is in review."""
    case = access_case_internals(request.user, pk)
    mine = selectors.review_of(selectors.seat_of(request.user), case)
    if mine is None:
        raise Http404
    editable = can_review(request.user, case)
    initial = {
        "score": mine.score,
        "recommendation": mine.recommendation,
        "comments_committee": mine.comments_committee,
        "comments_proposer": mine.comments_proposer,
    }
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    # A review that may no longer change (the case moved on) is refused by the service,
    # with its reason.
    submitted = request.method == "POST" and perform(
        request,
        form,
        lambda data: services.review_submit(review=mine, actor=request.user, **data),
    )
    if submitted:
        messages.success(request, _("Your review is submitted."))
        return redirect("steering:reviews", case.pk)
    return render(
        request,
        "steering/review_form.html",
        {"case": case, "review": mine, "form": form, "editable": editable},
        status=400 if request.method == "POST" else 200,
    )


@committee_member_required
@require_safe
def reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The submitted reviews. A recused seat gets 404; a reviewer whose own review is not
    submitted yet is told to submit it first (403), and sees none of the others."""
    case = access_case_internals(request.user, pk)
    if not can_read_reviews(request.user, case):
        return render(request, "steering/reviews_hidden.html", {"case": case}, status=403)
    return render(
        request,
        "steering/reviews.html",
        {"case": case, "reviews": selectors.reviews_submitted(case)},
    )
